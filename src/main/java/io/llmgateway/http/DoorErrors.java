package io.llmgateway.http;

import io.llmgateway.anthropicdoor.AnthropicHttp;
import io.llmgateway.chat.Json;
import io.llmgateway.error.GatewayException;
import io.llmgateway.error.OpenAiError;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/** Writes a refusal from a servlet filter in the shape of the door the caller knocked on. */
public final class DoorErrors {

    private DoorErrors() {
    }

    /** Anthropic's error JSON for /v1/messages, OpenAI's for every other path. No-op once the answer has started. */
    public static void write(HttpServletRequest request, HttpServletResponse response, GatewayException error)
            throws IOException {
        if (response.isCommitted()) {
            return;
        }
        // only what was buffered goes: headers an outer filter set (a request id) stay
        response.resetBuffer();
        response.setStatus(error.status());
        response.setContentType("application/json");
        if (error.retryAfter() != null) {
            // whole seconds, rounded up, as the routes write it (OpenAiHttp)
            response.setHeader("Retry-After", String.valueOf(Math.max(1, (error.retryAfter().toMillis() + 999) / 1000)));
        }
        boolean anthropic = DoorApi.of(request.getRequestURI().substring(request.getContextPath().length())).anthropicErrors();
        byte[] body = anthropic ? Json.write(AnthropicHttp.errorBody(error)) : Json.write(OpenAiError.of(error));
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
        response.flushBuffer();
    }
}
