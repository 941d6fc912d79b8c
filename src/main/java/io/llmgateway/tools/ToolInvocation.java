package io.llmgateway.tools;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmgateway.chat.ChatMessage;
import io.llmgateway.chat.ToolCall;

/**
 * One gateway tool call the model asked for, travelling through the split as the body of its part.
 * Each part fills in its own invocation, so after the split the list holds every result in the
 * model's original order.
 */
public class ToolInvocation {

    private final ToolCall call;
    private final GatewayTool tool;
    private JsonNode arguments;
    private String result;
    private boolean failed;
    private long millis;

    public ToolInvocation(ToolCall call, GatewayTool tool) {
        this.call = call;
        this.tool = tool;
    }

    public String getName() { return tool.name(); }
    public GatewayTool getTool() { return tool; }
    public ToolCall getCall() { return call; }
    public JsonNode getArguments() { return arguments; }
    void setArguments(JsonNode arguments) { this.arguments = arguments; }
    public String getResult() { return result; }
    public boolean isFailed() { return failed; }
    public long getMillis() { return millis; }
    void setMillis(long millis) { this.millis = millis; }

    void succeed(String text) {
        this.result = text;
        this.failed = false;
    }

    /** The model reads this as the tool's result, so it says what went wrong in plain words. */
    void fail(String message) {
        this.result = io.llmgateway.chat.Json.MAPPER.createObjectNode().put("error", message).toString();
        this.failed = true;
    }

    /** The tool message that answers this call in the conversation. */
    public ChatMessage toMessage() {
        ChatMessage message = new ChatMessage("tool", result == null ? "" : result);
        message.toolCallId = call.id;
        return message;
    }
}
