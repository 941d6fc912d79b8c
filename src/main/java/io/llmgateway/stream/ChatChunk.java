package io.llmgateway.stream;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonSetter;
import com.fasterxml.jackson.databind.JsonNode;
import io.llmgateway.chat.Extensible;
import io.llmgateway.chat.ToolCall;
import io.llmgateway.chat.Usage;
import java.io.ByteArrayOutputStream;
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

    /**
     * The vendor's own JSON for this chunk (OpenAI-kind streams), so the OpenAI door can send it on
     * without writing it again (JFR: the per-chunk write was a fifth of a stream's CPU). It is a view
     * of the stream reader's buffer, not a copy: valid only until the stream's next chunk is read,
     * which is why only {@link #writeWire} reads it, straight after the chunk came out of the stream.
     * Null when the chunk was built, not read.
     */
    @JsonIgnore
    private byte[] wire;
    @JsonIgnore
    private int wireOffset;
    @JsonIgnore
    private int wireLength;
    /** The bytes stop short of the object's closing brace (a null usage was cut off before it). */
    @JsonIgnore
    private boolean wireUnclosed;
    /** Which of the fields the gateway always writes were in the vendor's JSON (object, created, choices). */
    @JsonIgnore
    private int seen;

    @JsonSetter("object")
    void readObject(String value) {
        object = value;
        seen |= 1;
    }

    @JsonSetter("created")
    void readCreated(long value) {
        created = value;
        seen |= 2;
    }

    @JsonSetter("choices")
    void readChoices(List<Choice> value) {
        choices = value;
        seen |= 4;
    }

    @JsonSetter("usage")
    void readUsage(Usage value) {
        usage = value;
        seen |= 8;
    }

    /** Whether the JSON this chunk was read from had a "usage" member, null or not (OpenAI sends null on every chunk when asked for usage). */
    public boolean usageRead() {
        return (seen & 8) != 0;
    }

    /**
     * Keeps the JSON this chunk was read from: {@code length} bytes of {@code array} from
     * {@code offset}, plus a closing brace when {@code unclosed} (see {@link #writeWire}).
     */
    public void keepWire(byte[] array, int offset, int length, boolean unclosed) {
        this.wire = array;
        this.wireOffset = offset;
        this.wireLength = length;
        this.wireUnclosed = unclosed;
    }

    /**
     * Writes the vendor's JSON when it is exactly what the gateway would write for this chunk, and
     * says whether it did: read from one line, no usage (the gateway strips it; a null one was cut
     * off when the bytes were kept), and every field the gateway always writes present (a missing
     * one, e.g. a later tool call delta's "type", is filled in when the gateway writes the chunk).
     * Call it only for the chunk the stream returned last (the bytes are the reader's buffer).
     */
    public boolean writeWire(ByteArrayOutputStream out) {
        if (wire == null || usage != null || (seen & 7) != 7 || choices == null) {
            return false;
        }
        for (Choice choice : choices) {
            if (choice == null || !choice.complete()) {
                return false;
            }
        }
        out.write(wire, wireOffset, wireLength);
        if (wireUnclosed) {
            out.write('}');
        }
        return true;
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public static class Choice extends Extensible {
        public int index;
        public Delta delta = new Delta();
        @JsonInclude(JsonInclude.Include.ALWAYS)
        public JsonNode logprobs;
        @JsonInclude(JsonInclude.Include.ALWAYS)
        @JsonProperty("finish_reason") public String finishReason;
        /** Which of index, delta, logprobs and finish_reason the vendor's JSON had. */
        @JsonIgnore
        private int seen;

        @JsonSetter("index")
        void readIndex(int value) {
            index = value;
            seen |= 1;
        }

        @JsonSetter("delta")
        void readDelta(Delta value) {
            delta = value;
            seen |= 2;
        }

        @JsonSetter("logprobs")
        void readLogprobs(JsonNode value) {
            logprobs = value;
            seen |= 4;
        }

        @JsonSetter("finish_reason")
        void readFinishReason(String value) {
            finishReason = value;
            seen |= 8;
        }

        boolean complete() {
            if (seen != 15 || delta == null) {
                return false;
            }
            if (delta.toolCalls != null) {
                for (ToolCall call : delta.toolCalls) {
                    if (call == null || !"function".equals(call.type) || !call.typeRead()) {
                        return false;
                    }
                }
            }
            return true;
        }
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
