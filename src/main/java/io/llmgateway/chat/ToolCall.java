package io.llmgateway.chat;

import com.fasterxml.jackson.annotation.JsonInclude;

/** A function call the model asks for; {@code arguments} is a JSON document carried as a string, as OpenAI does. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ToolCall extends Extensible {
    public Integer index;
    public String id;
    public String type = "function";
    public Function function;

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
