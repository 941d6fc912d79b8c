package io.llmgateway.chat;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/** Token counts as OpenAI reports them; vendors' own counts are translated into this. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class Usage extends Extensible {
    @JsonProperty("prompt_tokens") public int promptTokens;
    @JsonProperty("completion_tokens") public int completionTokens;
    @JsonProperty("total_tokens") public int totalTokens;

    public Usage() {
    }

    public Usage(int promptTokens, int completionTokens) {
        this.promptTokens = promptTokens;
        this.completionTokens = completionTokens;
        this.totalTokens = promptTokens + completionTokens;
    }
}
