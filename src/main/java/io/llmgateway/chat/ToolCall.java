package io.llmgateway.chat;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonSetter;

/** A function call the model asks for; {@code arguments} is a JSON document carried as a string, as OpenAI does. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ToolCall extends Extensible {
    public Integer index;
    public String id;
    public String type = "function";
    public Function function;
    /** Whether "type" was in the JSON this call was read from: a stream's later deltas leave it out. */
    @JsonIgnore
    private boolean typeRead;

    /** Sets the type as read from JSON (databind, or the stream's own chunk reader). */
    @JsonSetter("type")
    public void readType(String value) {
        type = value;
        typeRead = true;
    }

    /** Whether the JSON this call was read from named its type (a stream delta's passes on as sent only then). */
    public boolean typeRead() {
        return typeRead;
    }

    public ToolCall() {
    }

    public ToolCall(String id, String name, String arguments) {
        this.id = id;
        this.function = new Function(name, arguments);
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public static class Function extends Extensible {
        public String name;
        public String arguments;

        public Function() {
        }

        public Function(String name, String arguments) {
            this.name = name;
            this.arguments = arguments;
        }
    }
}
