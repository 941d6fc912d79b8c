package io.llmgateway.provider.mock;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmgateway.catalog.ModelCatalog;
import io.llmgateway.chat.ChatMessage;
import io.llmgateway.chat.ChatRequest;
import io.llmgateway.chat.ChatResponse;
import io.llmgateway.chat.Json;
import io.llmgateway.chat.StreamRequests;
import io.llmgateway.chat.Tool;
import io.llmgateway.chat.ToolCall;
import io.llmgateway.chat.Usage;
import io.llmgateway.core.ExchangeProperties;
import io.llmgateway.core.GatewayProperties.Provider;
import io.llmgateway.stream.ChatStream;
import io.llmgateway.stream.ReplaySource;
import io.llmgateway.usage.TokenCounter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.camel.Exchange;
import org.springframework.stereotype.Component;

/**
 * An in-process provider that needs no network and no key: a deterministic answer in the real
 * response shape with real token counts. It serves the zero-config first run, demos and pipeline
 * tests, in the spirit of LiteLLM's mock_response. A request field {@code mock_response} sets the
 * reply text; when the request offers tools and the last turn is the user's, the mock calls the
 * first offered tool, so tool loops can be demonstrated end to end.
 */
@Component("mockProvider")
public class MockProvider {

    private final ModelCatalog catalog;
    private final TokenCounter tokens;

    public MockProvider(ModelCatalog catalog, TokenCounter tokens) {
        this.catalog = catalog;
        this.tokens = tokens;
    }

    /** The answer, or with "stream": true the same answer as a chunk stream. */
    public Object complete(Exchange exchange) throws InterruptedException {
        ChatResponse response = answer(exchange);
        ChatRequest request = exchange.getIn().getBody(ChatRequest.class);
        if (StreamRequests.upstream(exchange)) {
            return new ChatStream(new ReplaySource(response), exchange.getProperty(ExchangeProperties.PROVIDER, String.class),
                    StreamRequests.includeUsage(request)).prime();
        }
        return response;
    }

    private ChatResponse answer(Exchange exchange) throws InterruptedException {
        ChatRequest request = exchange.getIn().getBody(ChatRequest.class);
        Provider provider = catalog.provider(exchange.getProperty(ExchangeProperties.PROVIDER, String.class));
        Duration latency = provider.getLatency();
        if (!latency.isZero()) {
            Thread.sleep(latency);
        }
        ChatMessage last = request.messages.get(request.messages.size() - 1);
        ChatMessage answer;
        String finishReason;
        Tool tool = toolToCall(request, last);
        if (tool != null) {
            answer = new ChatMessage("assistant", null);
            answer.toolCalls = List.of(new ToolCall("call_" + shortHash(request), tool.function.name, arguments(tool)));
            finishReason = "tool_calls";
        } else {
            answer = new ChatMessage("assistant", reply(request, last));
            finishReason = "stop";
        }
        ChatResponse response = new ChatResponse();
        response.id = "chatcmpl-mock-" + shortHash(request);
        response.created = Instant.now().getEpochSecond();
        response.model = exchange.getProperty(ExchangeProperties.UPSTREAM_MODEL, String.class);
        response.choices.add(new ChatResponse.Choice(0, answer, finishReason));
        int completion = tokens.count(answer.text()) + (answer.toolCalls == null ? 0
                : tokens.count(answer.toolCalls.get(0).function.name) + tokens.count(answer.toolCalls.get(0).function.arguments));
        response.usage = new Usage(tokens.countPrompt(request), completion);
        return response;
    }

    private static String reply(ChatRequest request, ChatMessage last) {
        JsonNode fixed = request.extra().get("mock_response");
        if (fixed != null && fixed.isTextual()) {
            return fixed.asText();
        }
        if ("tool".equals(last.role)) {
            return "Mock answer using the tool result: " + last.text();
        }
        String said = last.text();
        if (said.length() > 200) {
            said = said.substring(0, 200) + "...";
        }
        return "This is a mock response. You said: " + said;
    }

    private static Tool toolToCall(ChatRequest request, ChatMessage last) {
        if (request.tools == null || request.tools.isEmpty() || !"user".equals(last.role)) {
            return null;
        }
        JsonNode choice = request.toolChoice;
        if (choice != null && choice.isTextual() && "none".equals(choice.asText())) {
            return null;
        }
        String named = choice != null ? choice.path("function").path("name").asText(null) : null;
        for (Tool tool : request.tools) {
            if (named == null || named.equals(tool.function.name)) {
                return tool;
            }
        }
        return request.tools.get(0);
    }

    /** Arguments that satisfy the tool's schema shape: each required property gets a placeholder. */
    private static String arguments(Tool tool) {
        Map<String, Object> args = new LinkedHashMap<>();
        JsonNode schema = tool.function.parameters;
        if (schema != null) {
            for (JsonNode name : schema.path("required")) {
                String type = schema.path("properties").path(name.asText()).path("type").asText("string");
                args.put(name.asText(), switch (type) {
                    case "integer", "number" -> 1;
                    case "boolean" -> true;
                    default -> "mock";
                });
            }
        }
        return new String(Json.write(args), StandardCharsets.UTF_8);
    }

    private static String shortHash(ChatRequest request) {
        return Integer.toHexString(Arrays.hashCode(Json.write(request.messages)));
    }
}
