package io.llmgateway.chat;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Keeps the JSON fields the gateway does not model, so a vendor's newer fields survive the
 * round trip to OpenAI-kind providers instead of being silently dropped.
 */
public abstract class Extensible {

    private Map<String, JsonNode> extra;

    @JsonAnyGetter
    public Map<String, JsonNode> extra() {
        return extra == null ? Map.of() : extra;
    }

    @JsonAnySetter
    public void putExtra(String name, JsonNode value) {
        if (extra == null) {
            extra = new LinkedHashMap<>();
        }
        extra.put(name, value);
    }
}
