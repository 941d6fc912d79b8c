package io.llmgateway.stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import io.llmgateway.chat.Json;
import io.llmgateway.error.GatewayException;
import java.io.IOException;

/** What every vendor stream reader needs: its events as JSON objects, and the errors for a broken stream. */
public final class StreamEvents {

    private StreamEvents() {
    }

    private static final ObjectReader TREE = Json.MAPPER.readerFor(JsonNode.class);

    /** One SSE event's data as a JSON object; anything else is a malformed event. */
    public static JsonNode object(SseReader.Event event, String providerId) {
        JsonNode tree = read(event, TREE, providerId);
        if (tree == null || !tree.isObject()) {
            throw malformed(providerId, null);
        }
        return tree;
    }

    /**
     * One SSE event's data read from its UTF-8 bytes by {@code reader} (made once per type, so no
     * type lookup per event). Bytes that are not valid UTF-8 are read again as decoded text, where
     * they become U+FFFD, so a server that cuts a character in two does not break the stream.
     */
    public static <T> T read(SseReader.Event event, ObjectReader reader, String providerId) {
        try {
            return reader.readValue(event.array(), event.offset(), event.length());
        } catch (IOException e) {
            return readText(event, reader, providerId);
        }
    }

    /** The event's data read as decoded text (invalid UTF-8 becomes U+FFFD): after its bytes could not be read. */
    public static <T> T readText(SseReader.Event event, ObjectReader reader, String providerId) {
        try {
            return reader.readValue(event.data());
        } catch (IOException again) {
            throw malformed(providerId, again);
        }
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
