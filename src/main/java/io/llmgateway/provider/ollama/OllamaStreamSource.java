package io.llmgateway.provider.ollama;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmgateway.chat.ToolCall;
import io.llmgateway.provider.Target;
import io.llmgateway.stream.BoundedLineReader;
import io.llmgateway.stream.ChatChunk;
import io.llmgateway.stream.ChunkSource;
import io.llmgateway.stream.StreamEventTooLarge;
import io.llmgateway.stream.StreamEvents;
import io.llmgateway.stream.UpstreamBody;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/**
 * Ollama's streamed /api/chat: NDJSON, one {"model","created_at","message":{...},"done":false} per line
 * as tokens come, tool calls whole in one line, and a last line with "done": true, done_reason and the
 * token counts. Each line is handed on when its newline arrives. An {"error":"..."} line ends the
 * stream with that error; a body that ends before the done line was cut.
 */
final class OllamaStreamSource implements ChunkSource {

    private final UpstreamBody body;
    private final BoundedLineReader lines;
    private final Target target;
    private final Deque<ChatChunk> pending = new ArrayDeque<>();
    private String id;
    private long created;
    private String model;
    private boolean roleSent;
    private int calls;
    private boolean ended;

    OllamaStreamSource(UpstreamBody body, Target target) {
        this.body = body;
        this.lines = new BoundedLineReader(new InputStreamReader(body, StandardCharsets.UTF_8),
                target.provider().getMaxEventSize().toBytes());
        this.target = target;
    }

    @Override
    public ChatChunk next() throws IOException {
        while (pending.isEmpty()) {
            if (ended) {
                return null;
            }
            String line;
            try {
                line = lines.readLine();
            } catch (BoundedLineReader.LineTooLong e) {
                throw new StreamEventTooLarge(e.limit());
            }
            if (line == null) {
                throw StreamEvents.interrupted(target.providerId(), "its done line");
            }
            if (!line.isBlank()) {
                read(line);
            }
        }
        return pending.poll();
    }

    private void read(String text) {
        JsonNode line = StreamEvents.object(text, target.providerId());
        if (line.hasNonNull("error")) {
            throw OllamaAdapter.streamError(line, target);
        }
        if (id == null) {
            id = OllamaAdapter.responseId(line);
            created = OllamaAdapter.createdAt(line.path("created_at").asText(null));
            model = line.path("model").asText(target.upstreamModel());
        }
        JsonNode message = line.path("message");
        String content = message.path("content").asText("");
        if (!content.isEmpty()) {
            ChatChunk chunk = chunk();
            chunk.delta().content = content;
            pending.add(chunk);
        }
        for (JsonNode call : message.path("tool_calls")) {
            ToolCall canonical = OllamaAdapter.toolCall(call, line, calls);
            canonical.index = calls++;
            ChatChunk chunk = chunk();
            chunk.delta().toolCalls = List.of(canonical);
            pending.add(chunk);
        }
        if (line.path("done").asBoolean(false)) {
            ChatChunk finish = chunk();
            finish.choices.get(0).finishReason = OllamaAdapter.finishReason(line, calls > 0);
            pending.add(finish);
            ChatChunk usage = ChatChunk.of(id, created, model);
            usage.choices.clear();
            usage.usage = OllamaAdapter.usage(line);
            pending.add(usage);
            ended = true;
        }
    }

    /** A chunk of this answer; the first one says the role. */
    private ChatChunk chunk() {
        ChatChunk chunk = ChatChunk.of(id, created, model);
        if (!roleSent) {
            chunk.delta().role = "assistant";
            roleSent = true;
        }
        return chunk;
    }

    @Override
    public void close() {
        body.abort();
    }
}
