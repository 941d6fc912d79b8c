package io.llmgateway.chat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.llmgateway.error.GatewayException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.apache.camel.Exchange;

/** Reads a request body at most once, refusing it with 413 as soon as it exceeds the configured limit. */
public final class RequestBodies {

    private RequestBodies() {
    }

    public static byte[] bytes(Exchange exchange, long maxBytes) {
        Long declared = exchange.getIn().getHeader("Content-Length", Long.class);
        if (declared != null && declared > maxBytes) {
            throw tooLarge(maxBytes);
        }
        Object body = exchange.getIn().getBody();
        byte[] bytes;
        if (body == null) {
            bytes = new byte[0];
        } else if (body instanceof byte[] b) {
            bytes = b;
        } else if (body instanceof String s) {
            bytes = s.getBytes(StandardCharsets.UTF_8);
        } else if (body instanceof InputStream in) {
            // Content-Length counts the bytes on the wire: the exact size to read unless they are compressed
            boolean identity = exchange.getIn().getHeader("Content-Encoding") == null;
            bytes = readBounded(in, identity ? declared : null, maxBytes);
        } else {
            bytes = exchange.getIn().getBody(byte[].class);
            if (bytes == null) {
                throw GatewayException.invalidRequest(null, "invalid_body", "The request body could not be read.");
            }
        }
        if (bytes.length > maxBytes) {
            throw tooLarge(maxBytes);
        }
        return bytes;
    }

    private static byte[] readBounded(InputStream in, Long length, long maxBytes) {
        try (in) {
            // a known length is read into one array of that size; otherwise one byte past the limit shows "too large"
            long limit = length != null && length >= 0 ? length : maxBytes + 1;
            byte[] bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, limit));
            if (bytes.length > maxBytes) {
                throw tooLarge(maxBytes);
            }
            return bytes;
        } catch (IOException e) {
            throw GatewayException.invalidRequest(null, "invalid_body", "The request body could not be read.");
        }
    }

    /** The body as a JSON object, or a 400 invalid_json in OpenAI's words (the doors that translate a request use it). */
    public static JsonNode jsonObject(byte[] body) {
        if (body.length == 0) {
            throw GatewayException.invalidRequest(null, "invalid_json", "The request body is empty; expected a JSON object.");
        }
        try {
            JsonNode tree = Json.MAPPER.readTree(body);
            if (tree == null || !tree.isObject()) {
                throw GatewayException.invalidRequest(null, "invalid_json", "The request body must be a JSON object.");
            }
            return tree;
        } catch (JsonProcessingException e) {
            throw GatewayException.invalidRequest(null, "invalid_json",
                    "We could not parse the JSON body of your request: " + e.getOriginalMessage().split("\n", 2)[0]);
        } catch (IOException e) {
            throw GatewayException.invalidRequest(null, "invalid_json", "The request body could not be read.");
        }
    }

    public static GatewayException tooLarge(long maxBytes) {
        return new GatewayException(413, "invalid_request_error", "request_too_large", null,
                "The request body is larger than the gateway's limit of " + maxBytes + " bytes.");
    }
}
