package io.llmgateway.tools;

import io.llmgateway.chat.ChatRequest;
import io.llmgateway.chat.ChatResponse;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The tool loop's progress for one request, kept in exchange property {@code gatewayToolLoop};
 * the loop in routes/tool-loop.camel.yaml reads {@code active} and {@code toolsPending}.
 */
public class ToolLoopState {

    final ChatRequest request;
    /** Gateway tools this request may use, by name; calls to any other tool belong to the client. */
    final Map<String, GatewayTool> tools;
    final Set<String> ran = new LinkedHashSet<>();
    final List<ChatResponse> answers = new ArrayList<>();
    ChatResponse pendingAnswer;
    int modelCalls;
    int promptTokens;
    int completionTokens;
    boolean usageSeen;
    private boolean active = true;
    private boolean toolsPending;

    ToolLoopState(ChatRequest request, Map<String, GatewayTool> tools) {
        this.request = request;
        this.tools = new LinkedHashMap<>(tools);
    }

    public boolean isActive() { return active; }
    void setActive(boolean active) { this.active = active; }
    public boolean isToolsPending() { return toolsPending; }
    void setToolsPending(boolean toolsPending) { this.toolsPending = toolsPending; }
    public int getModelCalls() { return modelCalls; }

    /** The tools that ran, comma-separated in the order they first ran (the x-gateway-tools header). */
    public String getToolsRun() {
        return ran.isEmpty() ? null : String.join(",", ran);
    }
}
