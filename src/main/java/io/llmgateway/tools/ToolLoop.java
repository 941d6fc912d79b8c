package io.llmgateway.tools;

import io.llmgateway.catalog.ModelCatalog;
import io.llmgateway.chat.ChatMessage;
import io.llmgateway.chat.ChatRequest;
import io.llmgateway.chat.ChatResponse;
import io.llmgateway.chat.Tool;
import io.llmgateway.chat.ToolCall;
import io.llmgateway.chat.Usage;
import io.llmgateway.core.ExchangeProperties;
import io.llmgateway.core.GatewayProperties.Model;
import io.llmgateway.error.GatewayException;
import io.llmgateway.stream.ChatStream;
import io.llmgateway.tenant.CallerTenants;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.camel.Exchange;
import org.springframework.stereotype.Component;

/**
 * The decisions of the tool loop in routes/tool-loop.camel.yaml: which gateway tools a request
 * gets, whether an answer asks for them, and how their results go back into the conversation.
 * The calls themselves run in the route (split, parallel) through {@link ToolCalls}.
 */
@Component("toolLoop")
public class ToolLoop {

    /**
     * The loop's condition and its filter (routes/tool-loop.camel.yaml) read these flat copies of the
     * state's flags: a simple path into the state object (${exchangeProperty.gatewayToolLoop.active})
     * goes through Camel's bean language, which copies the exchange on every evaluation.
     */

    private final ModelCatalog catalog;
    private final ToolRegistry registry;
    private final ToolProperties properties;
    private final PendingToolResults pending;

    public ToolLoop(ModelCatalog catalog, ToolRegistry registry, ToolProperties properties, PendingToolResults pending) {
        this.catalog = catalog;
        this.registry = registry;
        this.properties = properties;
        this.pending = pending;
    }

    /**
     * Offers the request its gateway tools: those attached to the model alias, and any entry in the
     * caller's {@code tools} that names a registered tool without defining it. Restores the gateway
     * part of an earlier mixed answer.
     */
    public void start(Exchange exchange) {
        ChatRequest request = exchange.getIn().getBody(ChatRequest.class);
        Map<String, GatewayTool> tools = new LinkedHashMap<>();
        List<Tool> offered = request.tools == null ? new ArrayList<>() : new ArrayList<>(request.tools);
        for (int i = 0; i < offered.size(); i++) {
            Tool tool = offered.get(i);
            if (tool.function != null && tool.function.parameters == null && tool.function.description == null) {
                GatewayTool gateway = registry.find(tool.function.name).orElse(null);
                if (gateway != null) {
                    offered.set(i, gateway.definition());
                    tools.put(gateway.name(), gateway);
                }
            }
        }
        Model model = catalog.model(exchange.getProperty(ExchangeProperties.MODEL, String.class));
        if (model != null) {
            for (String name : model.getTools()) {
                boolean declaredByCaller = offered.stream().anyMatch(t -> t.function != null && name.equals(t.function.name));
                if (declaredByCaller) {
                    continue; // the caller's own tool of that name wins: it is theirs to run
                }
                GatewayTool gateway = registry.find(name).orElseThrow(() -> new GatewayException(500, "server_error",
                        "gateway_tool_missing", null, "Model '" + model.getName() + "' is configured with gateway tool '"
                        + name + "', but no route tool-" + name + " is loaded (routes/tools/)"));
                offered.add(gateway.definition());
                tools.put(name, gateway);
            }
        }
        if (!tools.isEmpty()) {
            request.tools = offered;
            if (request.isStream()) {
                // the loop must read each answer whole to find the gateway's tool calls: the provider
                // calls do not stream, and the door tells the final answer as a stream
                exchange.setProperty(ExchangeProperties.STREAM_UPSTREAM, false);
            }
        }
        pending.restore(CallerTenants.of(exchange), request.messages);
        ToolLoopState state = new ToolLoopState(request, tools);
        exchange.setProperty(ExchangeProperties.TOOL_LOOP, state);
        publish(exchange, state);
    }

    private static void publish(Exchange exchange, ToolLoopState state) {
        exchange.setProperty(ExchangeProperties.TOOL_LOOP_ACTIVE, state.isActive());
        exchange.setProperty(ExchangeProperties.TOOLS_PENDING, state.isToolsPending());
    }

    /**
     * After each model call: an answer without gateway tool calls ends the loop (usage summed over
     * the rounds); otherwise the body becomes the calls to run, in the model's order.
     */
    public Object answered(Exchange exchange) {
        ToolLoopState state = exchange.getProperty(ExchangeProperties.TOOL_LOOP, ToolLoopState.class);
        try {
            return answered(exchange, state);
        } finally {
            publish(exchange, state);
        }
    }

    private Object answered(Exchange exchange, ToolLoopState state) {
        if (exchange.getIn().getBody() instanceof ChatStream live) {
            state.setActive(false); // a live stream: no gateway tools were offered, it goes straight to the caller
            return live;
        }
        ChatResponse answer = exchange.getIn().getBody(ChatResponse.class);
        state.modelCalls++;
        if (answer.usage != null) {
            state.usageSeen = true;
            state.promptTokens += answer.usage.promptTokens;
            state.completionTokens += answer.usage.completionTokens;
        }
        List<ToolCall> calls = answer.choices.isEmpty() || answer.choices.get(0).message == null
                ? null : answer.choices.get(0).message.toolCalls;
        List<ToolInvocation> invocations = new ArrayList<>();
        if (calls != null) {
            for (ToolCall call : calls) {
                GatewayTool tool = call.function == null ? null : state.tools.get(call.function.name);
                if (tool != null) {
                    invocations.add(new ToolInvocation(call, tool));
                }
            }
        }
        if (invocations.isEmpty()) {
            return finish(exchange, state, answer);
        }
        if (state.modelCalls >= properties.getMaxIterations()) {
            throw new GatewayException(502, "server_error", "tool_iterations_exceeded", null,
                    "The model still asked for gateway tools (" + String.join(",", invocations.stream().map(ToolInvocation::getName).distinct().toList())
                            + ") after " + state.modelCalls + " model calls, the limit (gateway.tools.max-iterations)"
                            + (state.ran.isEmpty() ? "" : "; tools run: " + String.join(",", state.ran)),
                    exchange.getProperty(ExchangeProperties.PROVIDER, String.class), null);
        }
        state.pendingAnswer = answer;
        state.setToolsPending(true);
        return invocations;
    }

    /**
     * After the split: the assistant turn and one tool message per call (original order) join the
     * conversation for the next model call. In a mixed answer the client's calls go back to the client.
     */
    public Object toolsDone(Exchange exchange, List<ToolInvocation> done) {
        ToolLoopState state = exchange.getProperty(ExchangeProperties.TOOL_LOOP, ToolLoopState.class);
        try {
            return toolsDone(exchange, state, done);
        } finally {
            publish(exchange, state);
        }
    }

    private Object toolsDone(Exchange exchange, ToolLoopState state, List<ToolInvocation> done) {
        state.setToolsPending(false);
        ChatResponse answer = state.pendingAnswer;
        state.pendingAnswer = null;
        done.forEach(invocation -> state.ran.add(invocation.getName()));
        exchange.setProperty(ExchangeProperties.TOOLS_RUN, state.getToolsRun());
        ChatMessage assistant = answer.choices.get(0).message;
        List<ChatMessage> results = done.stream().map(ToolInvocation::toMessage).toList();
        List<ToolCall> clientCalls = assistant.toolCalls.stream()
                .filter(call -> call.function == null || !state.tools.containsKey(call.function.name)).toList();
        if (!clientCalls.isEmpty()) {
            pending.keep(CallerTenants.of(exchange), clientCalls, new PendingToolResults.Pending(
                    done.stream().map(ToolInvocation::getCall).toList(), results));
            assistant.toolCalls = new ArrayList<>(clientCalls);
            return finish(exchange, state, answer);
        }
        List<ChatMessage> messages = new ArrayList<>(state.request.messages);
        messages.add(assistant);
        messages.addAll(results);
        state.request.messages = messages;
        return state.request;
    }

    private Object finish(Exchange exchange, ToolLoopState state, ChatResponse answer) {
        state.setActive(false);
        if (state.modelCalls > 1 && state.usageSeen) {
            // token details (cached, reasoning) differ per round; the summed totals are what was billed
            answer.usage = new Usage(state.promptTokens, state.completionTokens);
        }
        exchange.setProperty(ExchangeProperties.TOOLS_RUN, state.getToolsRun());
        return answer;
    }
}
