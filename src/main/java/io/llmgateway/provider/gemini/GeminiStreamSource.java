package io.llmgateway.provider.gemini;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmgateway.chat.ToolCall;
import io.llmgateway.provider.Target;
import io.llmgateway.stream.ChatChunk;
import io.llmgateway.stream.ChunkSource;
import io.llmgateway.stream.StreamEvents;
import io.llmgateway.stream.SseReader;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Gemini's streamGenerateContent?alt=sse: each {@code data:} event is a whole GenerateContentResponse
 * holding the next piece of each candidate (text parts, functionCall parts whole), the candidate's
 * finishReason on its last piece, and usageMetadata so far. Gemini sends no [DONE]: the stream ended
 * properly only if every candidate (or the blocked prompt) carried a finish; the body ending before
 * that was a cut. Each candidate becomes the OpenAI choice of the same index.
 */
final class GeminiStreamSource implements ChunkSource {

    /** What has been said for one candidate so far. */
    private static final class Candidate {
        boolean roleSent;
        int calls;
        String finish;
    }

    private final SseReader events;
    private final GeminiAdapter adapter;
    private final Target target;
    private final Deque<ChatChunk> pending = new ArrayDeque<>();
    private final Map<Integer, Candidate> candidates = new TreeMap<>();
    private String responseId;
    private String id;
    private String model;
    private final long created = Instant.now().getEpochSecond();
    /** Numbers the calls across all candidates, as the whole answer's ids are numbered. */
    private int callNumber;
    private JsonNode usage;
    private boolean ended;

    GeminiStreamSource(SseReader events, GeminiAdapter adapter, Target target) {
        this.events = events;
        this.adapter = adapter;
        this.target = target;
    }

    @Override
    public ChatChunk next() throws IOException {
        while (pending.isEmpty()) {
            if (ended) {
                return null;
            }
            SseReader.Event event = events.next();
            if (event == null) {
                end();
            } else {
                read(event);
            }
        }
        return pending.poll();
    }

    private void read(SseReader.Event data) {
        JsonNode body = StreamEvents.object(data, target.providerId());
        if (body.hasNonNull("error")) {
            throw adapter.streamError(body, target);
        }
        if (responseId == null) {
            responseId = GeminiAdapter.responseId(body);
            id = "chatcmpl-" + responseId;
        }
        if (body.hasNonNull("modelVersion")) {
            model = body.get("modelVersion").asText();
        }
        if (body.has("usageMetadata")) {
            usage = body.get("usageMetadata"); // running totals: the last one counts
        }
        JsonNode list = body.path("candidates");
        if (list.isEmpty() && body.path("promptFeedback").hasNonNull("blockReason")) {
            // the prompt itself was blocked: no candidate will come
            Candidate blocked = candidates.computeIfAbsent(0, i -> new Candidate());
            finish(0, blocked, "content_filter");
            return;
        }
        for (JsonNode candidate : list) {
            candidate(candidate);
        }
    }

    private void candidate(JsonNode candidate) {
        int index = candidate.path("index").asInt(0); // proto3 JSON leaves out index 0
        Candidate state = candidates.computeIfAbsent(index, i -> new Candidate());
        StringBuilder text = new StringBuilder();
        for (JsonNode part : candidate.path("content").path("parts")) {
            if (part.path("thought").asBoolean(false)) {
                continue; // a thought summary is not the answer
            }
            if (part.has("text")) {
                text.append(part.get("text").asText());
            }
            if (part.has("functionCall")) {
                if (!text.isEmpty()) {
                    content(index, state, text.toString());
                    text.setLength(0);
                }
                ToolCall call = GeminiAdapter.toolCall(part.get("functionCall"), responseId, callNumber++);
                call.index = state.calls++;
                ChatChunk chunk = chunk(index, state);
                chunk.delta().toolCalls = List.of(call);
                pending.add(chunk);
            }
        }
        if (!text.isEmpty()) {
            content(index, state, text.toString());
        }
        if (candidate.hasNonNull("finishReason") && state.finish == null) {
            finish(index, state, GeminiAdapter.finishReason(candidate.get("finishReason").asText(), state.calls > 0));
        }
    }

    private void content(int index, Candidate state, String text) {
        ChatChunk chunk = chunk(index, state);
        chunk.delta().content = text;
        pending.add(chunk);
    }

    private void finish(int index, Candidate state, String reason) {
        state.finish = reason;
        ChatChunk chunk = chunk(index, state);
        chunk.choices.get(0).finishReason = reason;
        pending.add(chunk);
    }

    /** A chunk for one candidate; its first one says the role. */
    private ChatChunk chunk(int index, Candidate state) {
        ChatChunk chunk = ChatChunk.of(id != null ? id : "chatcmpl-gemini", created, model != null ? model : target.upstreamModel());
        chunk.choices.get(0).index = index;
        if (!state.roleSent) {
            chunk.delta().role = "assistant";
            state.roleSent = true;
        }
        return chunk;
    }

    /** The body ended: properly only after every candidate finished; then the usage chunk. */
    private void end() {
        boolean finished = !candidates.isEmpty() && candidates.values().stream().allMatch(c -> c.finish != null);
        if (!finished) {
            throw StreamEvents.interrupted(target.providerId(), "a finishReason for every candidate");
        }
        ended = true;
        if (usage != null) {
            ChatChunk last = ChatChunk.of(id, created, model != null ? model : target.upstreamModel());
            last.choices.clear();
            last.usage = GeminiAdapter.usage(usage);
            pending.add(last);
        }
    }

    @Override
    public void close() {
        events.close();
    }
}
