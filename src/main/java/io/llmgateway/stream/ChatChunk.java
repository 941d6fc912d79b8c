package io.llmgateway.stream;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import io.llmgateway.chat.Extensible;
import io.llmgateway.chat.ToolCall;
import io.llmgateway.chat.Usage;
import java.util.ArrayList;
import java.util.List;

/**
 * The canonical streaming unit: OpenAI's chat.completion.chunk. Every streaming adapter turns its
 * vendor's events into these, and every door turns these into its caller's stream format.
 * Tool calls arrive as {@link ToolCall} deltas carrying {@code index}, and on their first delta
 * {@code id} and {@code function.name}; later deltas carry argument fragments only.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ChatChunk extends Extensible {
    public String id;
    public String object = "chat.completion.chunk";
    public long created;
    public String model;
    @JsonProperty("system_fingerprint") public String systemFingerprint;
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public List<Choice> choices = new ArrayList<>();
    /** Only on the final chunk (empty choices) when the caller asked for stream_options.include_usage. */
    public Usage usage;

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public static class Choice extends Extensible {
        public int index;
        public Delta delta = new Delta();
        @JsonInclude(JsonInclude.Include.ALWAYS)
        public JsonNode logprobs;
        @JsonInclude(JsonInclude.Include.ALWAYS)
        @JsonProperty("finish_reason") public String finishReason;
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public static class Delta extends Extensible {
        public String role;
        public String content;
        public String refusal;
        @JsonProperty("tool_calls") public List<ToolCall> toolCalls;
    }

    /** A chunk with one choice (index 0), the shape every adapter emits. */
    public static ChatChunk of(String id, long created, String model) {
        ChatChunk chunk = new ChatChunk();
        chunk.id = id;
        chunk.created = created;
        chunk.model = model;
        chunk.choices.add(new Choice());
        return chunk;
    }

    /** The first choice's delta, or null for a usage-only chunk. */
    public Delta delta() {
        return choices.isEmpty() ? null : choices.get(0).delta;
    }

    public String finishReason() {
        return choices.isEmpty() ? null : choices.get(0).finishReason;
    }
}
