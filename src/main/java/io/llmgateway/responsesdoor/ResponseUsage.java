package io.llmgateway.responsesdoor;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import io.llmgateway.chat.Usage;
import io.llmgateway.usage.TokenUsage;
import java.io.IOException;

/** A Response's usage block: input (cached), output (reasoning) and total tokens. */
record ResponseUsage(long input, long cached, long output, long reasoning) {

    /**
     * The usage as the gateway recorded it (the vendor's numbers, or its estimate when the vendor
     * sent none), so the Response and the request log agree; reasoning tokens from the vendor's details.
     */
    static ResponseUsage of(TokenUsage usage, Usage reported) {
        long input = usage != null ? usage.inputTokens() : reported == null ? 0 : reported.promptTokens;
        long cached = usage != null ? usage.cachedInputTokens()
                : reported == null ? 0 : detail(reported, "prompt_tokens_details", "cached_tokens");
        long output = usage != null ? usage.outputTokens() : reported == null ? 0 : reported.completionTokens;
        long reasoning = reported == null ? 0 : detail(reported, "completion_tokens_details", "reasoning_tokens");
        return new ResponseUsage(input, cached, output, reasoning);
    }

    private static long detail(Usage reported, String details, String field) {
        JsonNode node = reported.extra().get(details);
        return node == null ? 0 : node.path(field).asLong(0);
    }

    void write(JsonGenerator g) throws IOException {
        g.writeStartObject();
        g.writeNumberField("input_tokens", input);
        g.writeObjectFieldStart("input_tokens_details");
        g.writeNumberField("cached_tokens", cached);
        g.writeNumberField("cache_write_tokens", 0);
        g.writeEndObject();
        g.writeNumberField("output_tokens", output);
        g.writeObjectFieldStart("output_tokens_details");
        g.writeNumberField("reasoning_tokens", reasoning);
        g.writeEndObject();
        g.writeNumberField("total_tokens", input + output);
        g.writeEndObject();
    }
}
