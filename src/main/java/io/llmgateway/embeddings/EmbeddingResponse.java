package io.llmgateway.embeddings;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import io.llmgateway.chat.Extensible;
import java.util.ArrayList;
import java.util.List;

/** The canonical embeddings answer: OpenAI's list of embedding objects with usage. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class EmbeddingResponse extends Extensible {
    public String object = "list";
    public List<Embedding> data = new ArrayList<>();
    public String model;
    public Usage usage = new Usage();

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public static class Embedding extends Extensible {
        public String object = "embedding";
        public int index;
        /** An array of floats, or a base64 string when encoding_format is base64. */
        public JsonNode embedding;

        public Embedding() {
        }

        public Embedding(int index, JsonNode embedding) {
            this.index = index;
            this.embedding = embedding;
        }
    }

    public static class Usage {
        @JsonProperty("prompt_tokens") public int promptTokens;
        @JsonProperty("total_tokens") public int totalTokens;

        public Usage() {
        }

        public Usage(int promptTokens) {
            this.promptTokens = promptTokens;
            this.totalTokens = promptTokens;
        }
    }
}
