package io.llmgateway.stream;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmgateway.chat.Json;
import io.llmgateway.error.GatewayException;
import java.io.IOException;

/** What every vendor stream reader needs: its events as JSON objects, and the errors for a broken stream. */
public final class StreamEvents {

    private StreamEvents() {
    }

    /** One event's (or NDJSON line's) data as a JSON object; anything else is a malformed event. */
    public static JsonNode object(String data, String providerId) {
        JsonNode tree;
        try {
            tree = Json.MAPPER.readTree(data);
        } catch (IOException e) {
            throw malformed(providerId, e);
        }
        if (tree == null || !tree.isObject()) {
            throw malformed(providerId, null);
        }
        return tree;
    }

    public static GatewayException malformed(String providerId, Exception cause) {
        return new GatewayException(502, "provider_error", "invalid_provider_response", null,
                "Provider '" + providerId + "' sent a malformed stream event", providerId, cause);
    }

    /** The body ended before the vendor's own end marker (e.g. "[DONE]", "message_stop"): the stream was cut. */
    public static GatewayException interrupted(String providerId, String endMarker) {
        return new GatewayException(502, "provider_error", "stream_interrupted", null,
                "Provider '" + providerId + "' ended the stream without " + endMarker, providerId, null);
    }
}
