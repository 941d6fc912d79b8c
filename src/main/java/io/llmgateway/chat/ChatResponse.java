package io.llmgateway.chat;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/** The canonical answer: OpenAI's chat.completion object. Every adapter translates its vendor's answer into this. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ChatResponse extends Extensible {
    public String id;
    public String object = "chat.completion";
    public long created;
    public String model;
    public List<Choice> choices = new ArrayList<>();
    public Usage usage;
    @JsonProperty("system_fingerprint") public String systemFingerprint;

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public static class Choice extends Extensible {
        public int index;
        public ChatMessage message;
        @JsonInclude(JsonInclude.Include.ALWAYS)
        public JsonNode logprobs;
        @JsonProperty("finish_reason") public String finishReason;

        public Choice() {
        }

        public Choice(int index, ChatMessage message, String finishReason) {
            this.index = index;
            this.message = message;
            this.finishReason = finishReason;
        }
    }
}
