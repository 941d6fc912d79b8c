package io.llmgateway.provider.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmgateway.catalog.ModelCatalog;
import io.llmgateway.chat.ChatMessage;
import io.llmgateway.chat.ChatRequest;
import io.llmgateway.chat.ChatResponse;
import io.llmgateway.chat.Json;
import io.llmgateway.chat.Tool;
import io.llmgateway.chat.ToolCall;
import io.llmgateway.chat.Usage;
import io.llmgateway.error.GatewayException;
import io.llmgateway.provider.Parts;
import io.llmgateway.provider.ProviderCalls;
import io.llmgateway.provider.Target;
import io.llmgateway.provider.WireAdapter;
import io.llmgateway.provider.WireRequest;
import io.llmgateway.stream.ChunkSource;
import io.llmgateway.stream.SseReader;
import io.llmgateway.stream.UpstreamBody;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * Anthropic's Messages API: POST {base-url}/v1/messages with x-api-key and anthropic-version.
 * System turns become the top-level {@code system}, tool results become tool_result blocks in a
 * user turn, consecutive same-role turns merge, and JSON output is asked for with a forced tool.
 * With "stream": true the answer is read as its event stream ({@link AnthropicStreamSource}).
 */
@Component("anthropicAdapter")
public class AnthropicAdapter extends WireAdapter {

    static final String DEFAULT_VERSION = "2023-06-01";
    /** The forced tool that carries structured output (Anthropic has no response_format). */
    static final String JSON_TOOL = "json_response";

    public AnthropicAdapter(ModelCatalog catalog) {
        super(catalog);
    }

    @Override
    public WireRequest request(ChatRequest request, Target target) {
        if (request.n != null && request.n > 1) {
            throw target.unsupported("n", "n > 1 (several choices per request)");
        }
        if (request.temperature != null && request.temperature > 1) {
            throw target.unsupported("temperature", "temperature above 1 (its range is 0 to 1)");
        }
        ObjectNode body = Json.MAPPER.createObjectNode();
        body.put("model", target.upstreamModel());
        body.put("max_tokens", target.maxTokens(request));
        ArrayNode system = Json.MAPPER.createArrayNode();
        body.set("messages", messages(request.messages, system));
        if (system.size() == 1) {
            body.put("system", system.get(0).path("text").asText());
        } else if (!system.isEmpty()) {
            body.set("system", system);
        }
        if (request.temperature != null) body.put("temperature", request.temperature);
        if (request.topP != null) body.put("top_p", request.topP);
        ArrayNode stops = Parts.stops(request.stop);
        if (stops != null) body.set("stop_sequences", stops);
        if (request.user != null) body.set("metadata", Parts.object().put("user_id", request.user));
        tools(request, body, target);
        if (target.stream()) {
            body.put("stream", true);
        }
        return new WireRequest(body)
                .header("x-api-key", target.provider().hasApiKey() ? target.provider().getApiKey() : null)
                .header("anthropic-version", target.provider().getApiVersion() != null
                        ? target.provider().getApiVersion() : DEFAULT_VERSION);
    }

    private static ArrayNode messages(List<ChatMessage> messages, ArrayNode system) {
        ArrayNode turns = Json.MAPPER.createArrayNode();
        for (int i = 0; i < messages.size(); i++) {
            ChatMessage message = messages.get(i);
            String at = "messages[" + i + "]";
            if (message.isSystem()) {
                String text = message.text();
                if (!text.isEmpty()) system.add(Parts.object().put("type", "text").put("text", text));
                continue;
            }
            ArrayNode blocks = Json.MAPPER.createArrayNode();
            String role = "assistant".equals(message.role) ? "assistant" : "user";
            if ("tool".equals(message.role) || "function".equals(message.role)) {
                ObjectNode result = blocks.addObject().put("type", "tool_result")
                        .put("tool_use_id", message.toolCallId != null ? message.toolCallId : message.name);
                result.put("content", message.text());
            } else {
                List<JsonNode> parts = Parts.parts(message);
                for (int p = 0; p < parts.size(); p++) {
                    blocks.add(block(parts.get(p), at + ".content[" + p + "]"));
                }
                if (message.toolCalls != null) {
                    for (int c = 0; c < message.toolCalls.size(); c++) {
                        ToolCall call = message.toolCalls.get(c);
                        blocks.addObject().put("type", "tool_use").put("id", call.id).put("name", call.function.name)
                                .set("input", Parts.arguments(call, at + ".tool_calls[" + c + "].function.arguments"));
                    }
                }
            }
            if (blocks.isEmpty()) {
                continue; // Anthropic refuses empty turns; an empty message carries nothing to keep
            }
            JsonNode previous = turns.isEmpty() ? null : turns.get(turns.size() - 1);
            if (previous != null && role.equals(previous.path("role").asText())) {
                ArrayNode merged = (ArrayNode) previous.get("content");
                // tool results lead their user turn, as Anthropic requires
                if ("tool_result".equals(blocks.get(0).path("type").asText())) {
                    int firstOther = 0;
                    while (firstOther < merged.size() && "tool_result".equals(merged.get(firstOther).path("type").asText())) firstOther++;
                    for (JsonNode b : blocks) merged.insert(firstOther++, b);
                } else {
                    merged.addAll(blocks);
                }
            } else {
                turns.addObject().put("role", role).set("content", blocks);
            }
        }
        if (turns.isEmpty()) {
            throw GatewayException.invalidRequest("messages", "invalid_value",
                    "Invalid 'messages': Anthropic needs at least one user or assistant message with content.");
        }
        return turns;
    }

    private static JsonNode block(JsonNode part, String at) {
        String type = part.path("type").asText();
        if (type.equals("text")) {
            return Parts.object().put("type", "text").put("text", part.path("text").asText());
        }
        if (type.equals("image_url")) {
            Parts.Image image = Parts.image(part, at + ".image_url");
            ObjectNode source = image.inline()
                    ? Parts.object().put("type", "base64").put("media_type", image.mediaType()).put("data", image.base64())
                    : Parts.object().put("type", "url").put("url", image.url());
            return Parts.object().put("type", "image").set("source", source);
        }
        throw GatewayException.invalidRequest(at + ".type", "invalid_value",
                "Content part type '" + type + "' cannot be sent to Anthropic.");
    }

    private static void tools(ChatRequest request, ObjectNode body, Target target) {
        ArrayNode tools = Json.MAPPER.createArrayNode();
        if (request.tools != null) {
            for (Tool tool : request.tools) {
                ObjectNode t = tools.addObject().put("name", tool.function.name);
                if (tool.function.description != null) t.put("description", tool.function.description);
                t.set("input_schema", tool.function.parameters != null && tool.function.parameters.isObject()
                        ? tool.function.parameters : Parts.object().put("type", "object").set("properties", Parts.object()));
            }
        }
        ObjectNode choice = toolChoice(request.toolChoice);
        if (Parts.wantsJson(request.responseFormat)) {
            if (!tools.isEmpty()) {
                throw target.unsupported("response_format", "response_format together with tools (JSON output is a forced tool)");
            }
            JsonNode schema = Parts.responseSchema(request.responseFormat);
            tools.addObject().put("name", JSON_TOOL).put("description", "Reply with the answer as this JSON object.")
                    .set("input_schema", schema != null ? schema : Parts.object().put("type", "object"));
            choice = Parts.object().put("type", "tool").put("name", JSON_TOOL);
        }
        if (tools.isEmpty()) {
            return;
        }
        body.set("tools", tools);
        if (Boolean.FALSE.equals(request.parallelToolCalls)) {
            if (choice == null) choice = Parts.object().put("type", "auto");
            if (!"none".equals(choice.path("type").asText())) choice.put("disable_parallel_tool_use", true);
        }
        if (choice != null) body.set("tool_choice", choice);
    }

    private static ObjectNode toolChoice(JsonNode choice) {
        if (choice == null || choice.isNull()) {
            return null;
        }
        if (choice.isTextual()) {
            return switch (choice.asText()) {
                case "none" -> Parts.object().put("type", "none");
                case "required" -> Parts.object().put("type", "any");
                default -> Parts.object().put("type", "auto");
            };
        }
        String name = choice.path("function").path("name").asText(null);
        return name == null ? Parts.object().put("type", "auto") : Parts.object().put("type", "tool").put("name", name);
    }

    @Override
    public ChatResponse response(JsonNode body, ChatRequest request, Target target) {
        StringBuilder text = new StringBuilder();
        List<ToolCall> calls = new ArrayList<>();
        String jsonOutput = null;
        for (JsonNode block : body.path("content")) {
            switch (block.path("type").asText()) {
                case "text" -> text.append(block.path("text").asText());
                case "tool_use" -> {
                    String arguments = new String(Json.write(block.path("input")), java.nio.charset.StandardCharsets.UTF_8);
                    if (request != null && Parts.wantsJson(request.responseFormat) && JSON_TOOL.equals(block.path("name").asText())) {
                        jsonOutput = arguments;
                    } else {
                        ToolCall call = new ToolCall(block.path("id").asText(), block.path("name").asText(), arguments);
                        call.index = calls.size();
                        calls.add(call);
                    }
                }
                default -> { } // thinking and other blocks have no place in the chat shape
            }
        }
        ChatMessage message = new ChatMessage("assistant", null);
        if (jsonOutput != null) {
            message.content = com.fasterxml.jackson.databind.node.TextNode.valueOf(jsonOutput);
        } else if (!text.isEmpty() || calls.isEmpty()) {
            message.content = com.fasterxml.jackson.databind.node.TextNode.valueOf(text.toString());
        }
        if (!calls.isEmpty()) {
            message.toolCalls = calls;
        }
        String finish = finishReason(body.path("stop_reason").asText("end_turn"), jsonOutput != null);
        ChatResponse response = new ChatResponse();
        response.id = body.path("id").asText();
        response.created = Instant.now().getEpochSecond();
        response.model = body.path("model").asText(target.upstreamModel());
        response.choices.add(new ChatResponse.Choice(0, message, finish));
        response.usage = usage(body.path("usage"));
        return response;
    }

    /** Anthropic's stop_reason as OpenAI's finish_reason; the forced JSON tool's stop is an ordinary stop. */
    static String finishReason(String stopReason, boolean jsonOutput) {
        return switch (stopReason) {
            case "max_tokens", "model_context_window_exceeded" -> "length";
            case "tool_use" -> jsonOutput ? "stop" : "tool_calls";
            case "refusal" -> "content_filter";
            default -> "stop";
        };
    }

    @Override
    protected ChunkSource chunks(UpstreamBody body, ChatRequest request, Target target) {
        return new AnthropicStreamSource(new SseReader(body, target.provider().getMaxEventSize().toBytes()), target.providerId(),
                Parts.wantsJson(request.responseFormat), target.upstreamModel());
    }

    /** Anthropic's input_tokens leaves out cached tokens; OpenAI's prompt_tokens includes them. */
    static Usage usage(JsonNode usage) {
        int cacheRead = usage.path("cache_read_input_tokens").asInt(0);
        int cacheWrite = usage.path("cache_creation_input_tokens").asInt(0);
        Usage canonical = new Usage(usage.path("input_tokens").asInt(0) + cacheRead + cacheWrite,
                usage.path("output_tokens").asInt(0));
        canonical.putExtra("prompt_tokens_details", Parts.object().put("cached_tokens", cacheRead));
        return canonical;
    }

    @Override
    public GatewayException error(int status, JsonNode body, Map<String, Object> headers, Target target) {
        JsonNode error = body == null ? null : body.path("error");
        String type = error != null && error.hasNonNull("type") ? error.get("type").asText() : typeFor(status);
        String message = error == null ? null : text(error.path("message"));
        return ProviderCalls.providerError(target.providerId(), status, type, type, null, message, target.provider());
    }
}
