package io.llmgateway.chat;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/** The canonical request: OpenAI's Chat Completions request body. Parsed once at the door, passed along as an object. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ChatRequest extends Extensible implements Cloneable {
    public String model;
    public List<ChatMessage> messages;
    public List<Tool> tools;
    @JsonProperty("tool_choice") public JsonNode toolChoice;
    @JsonProperty("parallel_tool_calls") public Boolean parallelToolCalls;
    public Double temperature;
    @JsonProperty("top_p") public Double topP;
    @JsonProperty("max_tokens") public Integer maxTokens;
    @JsonProperty("max_completion_tokens") public Integer maxCompletionTokens;
    /** A string or an array of up to 4 strings. */
    public JsonNode stop;
    public Long seed;
    public Integer n;
    @JsonProperty("response_format") public JsonNode responseFormat;
    public String user;
    public JsonNode metadata;
    public Boolean stream;
    @JsonProperty("stream_options") public JsonNode streamOptions;

    /** The output limit the caller asked for, whichever of the two OpenAI fields carried it. */
    public Integer outputLimit() {
        return maxCompletionTokens != null ? maxCompletionTokens : maxTokens;
    }

    public boolean isStream() {
        return Boolean.TRUE.equals(stream);
    }

    /**
     * A copy whose fields share this request's values (lists, JSON trees, unknown fields), for a wire
     * body that changes a few top-level fields without touching the request the pipeline keeps.
     */
    public ChatRequest shallowCopy() {
        try {
            return (ChatRequest) clone();
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException(e);
        }
    }
}
