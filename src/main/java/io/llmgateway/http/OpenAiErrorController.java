package io.llmgateway.http;

import io.llmgateway.chat.Json;
import io.llmgateway.error.GatewayException;
import io.llmgateway.error.OpenAiError;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.boot.web.servlet.error.ErrorController;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Answers what no route handles (unknown path, wrong method, errors raised by the servlet
 * container itself) in OpenAI's error shape, so SDKs get a readable error instead of an HTML page.
 */
@RestController
public class OpenAiErrorController implements ErrorController {

    @RequestMapping("/error")
    public ResponseEntity<byte[]> error(HttpServletRequest request) {
        Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        int status = code instanceof Integer i ? i : 500;
        Object uri = request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
        String target = request.getMethod() + " " + (uri != null ? uri : request.getRequestURI());
        GatewayException error = switch (status) {
            case 404 -> new GatewayException(404, "invalid_request_error", "unknown_url", null,
                    "Invalid URL (" + target + ")");
            case 405 -> new GatewayException(405, "invalid_request_error", "method_not_allowed", null,
                    "Method not allowed (" + target + ")");
            case 413 -> new GatewayException(413, "invalid_request_error", "request_too_large", null,
                    "The request body is too large");
            default -> status < 500
                    ? new GatewayException(status, "invalid_request_error", null, null, "Invalid request (" + target + ")")
                    : new GatewayException(status, "server_error", "internal_error", null,
                    "The gateway failed to process the request");
        };
        return ResponseEntity.status(status).contentType(MediaType.APPLICATION_JSON)
                .body(Json.write(OpenAiError.of(error)));
    }
}
