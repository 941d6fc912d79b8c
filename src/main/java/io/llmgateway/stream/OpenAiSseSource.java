package io.llmgateway.stream;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmgateway.chat.Json;
import io.llmgateway.error.GatewayException;
import java.io.IOException;

/**
 * OpenAI's chat.completion.chunk event stream (also Azure OpenAI and every OpenAI-compatible
 * server): {@code data: {chunk}} events ending with {@code data: [DONE]}. A body that ends without
 * [DONE] was cut; an error event or unreadable JSON ends the stream with an error.
 */
public final class OpenAiSseSource implements ChunkSource {

    private final SseReader events;
    private final String providerId;

    public OpenAiSseSource(SseReader events, String providerId) {
        this.events = events;
        this.providerId = providerId;
    }

    @Override
    public ChatChunk next() throws IOException {
        SseReader.Event event = events.next();
        if (event == null) {
            throw StreamEvents.interrupted(providerId, "[DONE]");
        }
        if ("[DONE]".equals(event.data().strip())) {
            return null;
        }
        ChatChunk chunk;
        try {
            // one pass straight into the chunk; unknown fields, "error" among them, land in its extras
            chunk = Json.MAPPER.readValue(event.data(), ChatChunk.class);
        } catch (IOException e) {
            throw StreamEvents.malformed(providerId, e);
        }
        if (chunk == null) {
            throw StreamEvents.malformed(providerId, null);
        }
        JsonNode error = chunk.extra().get("error");
        if (error != null && !error.isNull()) {
            throw errorEvent(error);
        }
        return chunk;
    }

    /** An error the vendor reported inside the stream, e.g. {"error":{"message":"...","type":"server_error"}}. */
    private GatewayException errorEvent(JsonNode error) {
        String message = error.isObject() ? error.path("message").asText("") : error.asText();
        String type = error.path("type").asText("server_error");
        String code = error.hasNonNull("code") ? error.get("code").asText() : "provider_stream_error";
        return new GatewayException(502, type, code, null,
                "Provider '" + providerId + "' reported an error mid-stream: " + message, providerId, null);
    }

    @Override
    public void close() {
        events.close();
    }
}
