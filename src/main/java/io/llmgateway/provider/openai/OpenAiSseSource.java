package io.llmgateway.provider.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import io.llmgateway.chat.Json;
import io.llmgateway.error.GatewayException;
import io.llmgateway.stream.ChatChunk;
import io.llmgateway.stream.ChunkSource;
import io.llmgateway.stream.SseReader;
import io.llmgateway.stream.StreamEvents;
import java.io.IOException;
import java.util.Arrays;

/**
 * OpenAI's chat.completion.chunk event stream (also Azure OpenAI and every OpenAI-compatible
 * server): {@code data: {chunk}} events ending with {@code data: [DONE]}. A body that ends without
 * [DONE] was cut; an error event or unreadable JSON ends the stream with an error.
 */
public final class OpenAiSseSource implements ChunkSource {

    private static final ObjectReader CHUNK = Json.MAPPER.readerFor(ChatChunk.class);
    private static final byte[] DONE = {'[', 'D', 'O', 'N', 'E', ']'};

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
        if (done(event)) {
            return null;
        }
        // one pass from the bytes straight into the chunk; unknown fields, "error" among them, land in its extras
        ChatChunk chunk = StreamEvents.read(event, CHUNK, providerId);
        if (chunk == null) {
            throw StreamEvents.malformed(providerId, null);
        }
        JsonNode error = chunk.extra().get("error");
        if (error != null && !error.isNull()) {
            throw errorEvent(error);
        }
        return chunk;
    }

    /** The data is [DONE], maybe with white space around it. */
    private static boolean done(SseReader.Event event) {
        byte[] data = event.array();
        int from = event.offset();
        int to = from + event.length();
        while (from < to && blank(data[from])) {
            from++;
        }
        while (to > from && blank(data[to - 1])) {
            to--;
        }
        return Arrays.equals(data, from, to, DONE, 0, DONE.length);
    }

    private static boolean blank(byte b) {
        return b == ' ' || b == '\t' || b == '\n' || b == '\r' || b == '\f' || b == 0x0B;
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
