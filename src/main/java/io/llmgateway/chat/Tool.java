package io.llmgateway.chat;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;

/** A tool the model may call: for now always a function with a JSON-schema {@code parameters} object. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class Tool extends Extensible {
    public String type = "function";
    public Definition function;

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public static class Definition extends Extensible {
        public String name;
        public String description;
        public JsonNode parameters;
        public Boolean strict;
    }
}
