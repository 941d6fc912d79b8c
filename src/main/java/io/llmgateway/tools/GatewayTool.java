package io.llmgateway.tools;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchema;
import io.llmgateway.chat.Tool;

/**
 * One registered gateway tool: route {@code tool-<name>} on {@code direct:tool-<name>}, with the
 * description the model reads (the route's description) and its JSON-schema parameters (the route's note).
 */
public record GatewayTool(String name, String description, JsonNode parameters, JsonSchema schema) {

    public String endpoint() {
        return "direct:tool-" + name;
    }

    /** The definition offered to the model, in the canonical (OpenAI) tool shape. */
    public Tool definition() {
        Tool tool = new Tool();
        tool.function = new Tool.Definition();
        tool.function.name = name;
        tool.function.description = description;
        tool.function.parameters = parameters;
        return tool;
    }
}
