package io.llmgateway.provider.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import io.llmgateway.chat.Json;
import io.llmgateway.error.GatewayException;
import io.llmgateway.stream.ChatChunk;
import io.llmgateway.stream.ChatChunkReader;
import io.llmgateway.stream.ChunkSource;
import io.llmgateway.stream.SseReader;
import io.llmgateway.stream.StreamEvents;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * OpenAI's chat.completion.chunk event stream (also Azure OpenAI and every OpenAI-compatible
 * server): {@code data: {chunk}} events ending with {@code data: [DONE]}. A body that ends without
 * [DONE] was cut; an error event or unreadable JSON ends the stream with an error.
 */
public final class OpenAiSseSource implements ChunkSource {

    private static final ObjectReader CHUNK = Json.MAPPER.readerFor(ChatChunk.class);
    private static final byte[] DONE = {'[', 'D', 'O', 'N', 'E', ']'};
    private static final byte[] NULL_USAGE = ",\"usage\":null}".getBytes(StandardCharsets.US_ASCII);

    private final SseReader events;
    private final String providerId;
    private final ChatChunkReader reader = new ChatChunkReader();

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
            reader.close();
            return null;
        }
        // one pass from the bytes straight into the chunk; unknown fields, "error" among them, land in its extras.
        // The streaming reader takes the shapes vendors send; what it leaves (null, or bytes it cannot parse) databind reads.
        ChatChunk chunk;
        boolean fromBytes = true;
        try {
            chunk = reader.read(event.array(), event.offset(), event.length());
            if (chunk == null) {
                chunk = CHUNK.readValue(event.array(), event.offset(), event.length());
            }
        } catch (IOException e) {
            chunk = StreamEvents.readText(event, CHUNK, providerId); // bytes that are not UTF-8
            fromBytes = false;
        }
        if (chunk == null) {
            throw StreamEvents.malformed(providerId, null);
        }
        // read from valid UTF-8 on one line: the OpenAI door can send these bytes on as they are
        if (fromBytes && chunk.usage == null && oneLine(event)) {
            keepWire(chunk, event);
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

    /**
     * Keeps the event's JSON on the chunk to send on as it is, without the {@code "usage":null}
     * OpenAI ends every chunk with when asked for usage (the gateway always asks; the caller sees
     * usage only on the last chunk, and only when it asked). A null usage anywhere but last: not kept.
     */
    private static void keepWire(ChatChunk chunk, SseReader.Event event) {
        byte[] data = event.array();
        int from = event.offset();
        int to = from + event.length();
        if (!chunk.usageRead()) {
            chunk.keepWire(data, from, to - from, false);
            return;
        }
        while (to > from && blank(data[to - 1])) {
            to--;
        }
        // the object's last byte closes it: a member just before it is one of its own, not a nested one's
        int cut = to - NULL_USAGE.length;
        if (cut > from && Arrays.equals(data, cut, to, NULL_USAGE, 0, NULL_USAGE.length)) {
            chunk.keepWire(data, from, cut - from, true);
        }
    }

    /** Whether the data is one line (several data lines are joined with newlines, which the SSE line cannot carry). */
    private static boolean oneLine(SseReader.Event event) {
        byte[] data = event.array();
        for (int i = event.offset(), end = event.offset() + event.length(); i < end; i++) {
            if (data[i] == '\n' || data[i] == '\r') {
                return false;
            }
        }
        return true;
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
        // not the reader: a cancel may close the source while its reading thread is inside the parser,
        // whose buffers must not go back to the shared pool under it (it returns them itself at [DONE])
        events.close();
    }
}
