package io.llmgateway.embeddings;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import io.llmgateway.chat.Extensible;
import java.util.ArrayList;
import java.util.List;

/** The canonical embeddings request: OpenAI's POST /v1/embeddings body. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class EmbeddingRequest extends Extensible {
    public String model;
    /** A string, an array of strings, an array of token ids, or an array of token-id arrays. */
    public JsonNode input;
    @JsonProperty("encoding_format") public String encodingFormat;
    public Integer dimensions;
    public String user;

    /** The inputs as a list: one element per embedding to return. */
    @JsonIgnore
    public List<JsonNode> inputs() {
        List<JsonNode> list = new ArrayList<>();
        if (input.isTextual() || input.isArray() && !input.isEmpty() && input.get(0).isNumber()) {
            list.add(input); // one string, or one token array
        } else {
            input.forEach(list::add);
        }
        return list;
    }

    /** The inputs as texts; vendors without token-id input get a 400 naming the feature. */
    @JsonIgnore
    public boolean allText() {
        return inputs().stream().allMatch(JsonNode::isTextual);
    }

    /** A copy carrying only some of the inputs (one batch). */
    public EmbeddingRequest withInputs(List<JsonNode> batch) {
        EmbeddingRequest copy = new EmbeddingRequest();
        copy.model = model;
        copy.input = io.llmgateway.chat.Json.MAPPER.valueToTree(batch);
        copy.encodingFormat = encodingFormat;
        copy.dimensions = dimensions;
        copy.user = user;
        extra().forEach(copy::putExtra);
        return copy;
    }
}
