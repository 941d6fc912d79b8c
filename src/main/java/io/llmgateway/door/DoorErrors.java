package io.llmgateway.door;

import io.llmgateway.anthropicdoor.AnthropicHttp;
import io.llmgateway.chat.Json;
import io.llmgateway.error.GatewayException;
import io.llmgateway.error.OpenAiError;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/** A refusal the door makes before any route runs, in the format the caller's SDK parses. */
final class DoorErrors {

    private DoorErrors() {
    }

    static void write(HttpServletResponse response, DoorApi api, GatewayException error, String requestId)
            throws IOException {
        response.setStatus(error.status());
        response.setContentType("application/json");
        response.setHeader(api.anthropicErrors() ? "request-id" : "x-request-id", requestId);
        if (error.retryAfter() != null) {
            response.setHeader("Retry-After", Long.toString(Math.max(1, (error.retryAfter().toMillis() + 999) / 1000)));
        }
        byte[] body = api.anthropicErrors() ? Json.write(AnthropicHttp.errorBody(error)) : Json.write(OpenAiError.of(error));
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }
}
