package io.llmgateway.anthropicdoor;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.llmgateway.chat.ChatMessage;
import io.llmgateway.chat.ChatRequest;
import io.llmgateway.chat.Json;
import io.llmgateway.chat.RequestBodies;
import io.llmgateway.chat.Tool;
import io.llmgateway.chat.ToolCall;
import io.llmgateway.core.ExchangeProperties;
import io.llmgateway.core.GatewayProperties;
import io.llmgateway.error.GatewayException;
import java.util.ArrayList;
import java.util.List;
import org.apache.camel.Exchange;
import org.springframework.stereotype.Component;

/**
 * Anthropic Messages API request -> the canonical (OpenAI chat) request, so /v1/messages runs the
 * same pipeline as /v1/chat/completions and any provider can answer it. system becomes a system
 * message, tool_use blocks become tool_calls, each tool_result block becomes a tool message
 * (placed before the rest of that user turn, where OpenAI expects it), images become image_url
 * parts with data: URLs. top_k and thinking have no OpenAI counterpart and are not forwarded.
 */
@Component("anthropicRequests")
public class AnthropicRequests {

    private final long maxBodyBytes;

    public AnthropicRequests(GatewayProperties properties) {
        this.maxBodyBytes = properties.getMaxBodySize().toBytes();
    }

    /** Body bytes -> canonical ChatRequest body; 400 in Anthropic's words when the request is not a valid Messages request. */
    public void read(Exchange exchange) {
        JsonNode body = RequestBodies.jsonObject(RequestBodies.bytes(exchange, maxBodyBytes));
        ChatRequest request = toCanonical(body);
        exchange.getIn().setBody(request);
    }

    static ChatRequest toCanonical(JsonNode body) {
        ChatRequest request = new ChatRequest();
        request.model = text(body, "model", true);
        JsonNode maxTokens = body.get("max_tokens");
        if (maxTokens == null || !maxTokens.canConvertToInt()) {
            throw invalid("max_tokens: Field required");
        }
        request.maxTokens = maxTokens.asInt();
        request.messages = new ArrayList<>();
        JsonNode system = body.get("system");
        if (system != null && !system.isNull()) {
            request.messages.add(new ChatMessage("system", blocksText(system, "system")));
        }
        JsonNode messages = body.get("messages");
        if (messages == null || !messages.isArray() || messages.isEmpty()) {
            throw invalid("messages: at least one message is required");
        }
        for (int i = 0; i < messages.size(); i++) {
            addMessage(request.messages, messages.get(i), "messages." + i);
        }
        request.tools = tools(body.get("tools"));
        toolChoice(request, body.get("tool_choice"));
        JsonNode stops = body.get("stop_sequences");
        if (stops != null && stops.isArray() && !stops.isEmpty()) {
            request.stop = stops;
        }
        request.temperature = number(body, "temperature");
        request.topP = number(body, "top_p");
        JsonNode user = body.path("metadata").get("user_id");
        if (user != null && user.isTextual()) {
            request.user = user.asText();
        }
        if (body.path("stream").asBoolean(false)) {
            request.stream = true;
            // message_delta reports the output token count, so this door always asks for the final usage
            request.streamOptions = Json.MAPPER.createObjectNode().put("include_usage", true);
        }
        return request;
    }

    private static void addMessage(List<ChatMessage> out, JsonNode message, String at) {
        String role = message.path("role").asText(null);
        if (!"user".equals(role) && !"assistant".equals(role)) {
            throw invalid(at + ".role: Input should be 'user' or 'assistant'");
        }
        JsonNode content = message.get("content");
        if (content == null || content.isNull()) {
            throw invalid(at + ".content: Field required");
        }
        if (content.isTextual()) {
            out.add(new ChatMessage(role, content.asText()));
            return;
        }
        if (!content.isArray()) {
            throw invalid(at + ".content: Input should be a valid string or list of content blocks");
        }
        ArrayNode parts = Json.MAPPER.createArrayNode();
        List<ToolCall> calls = new ArrayList<>();
        for (int b = 0; b < content.size(); b++) {
            JsonNode block = content.get(b);
            String where = at + ".content." + b;
            switch (block.path("type").asText("")) {
                case "text" -> parts.addObject().put("type", "text").put("text", block.path("text").asText(""));
                case "image" -> parts.add(image(block, where));
                case "tool_use" -> calls.add(new ToolCall(block.path("id").asText(), block.path("name").asText(),
                        Json.MAPPER.valueToTree(block.path("input")).toString()));
                case "tool_result" -> {
                    ChatMessage result = new ChatMessage("tool", toolResultText(block, where));
                    result.toolCallId = block.path("tool_use_id").asText(null);
                    if (result.toolCallId == null) {
                        throw invalid(where + ".tool_use_id: Field required");
                    }
                    out.add(result);
                }
                case "thinking", "redacted_thinking" -> {
                    // the model's own reasoning from an earlier turn: nothing an OpenAI-shaped provider can take back
                }
                default -> throw invalid(where + ".type: unsupported content block type '"
                        + block.path("type").asText("") + "'");
            }
        }
        if (parts.isEmpty() && calls.isEmpty()) {
            return; // a user turn made only of tool results
        }
        ChatMessage turn = new ChatMessage(role, null);
        turn.content = parts.isEmpty() ? null : onlyText(parts);
        if (!calls.isEmpty()) {
            turn.toolCalls = calls;
        }
        out.add(turn);
    }

    /** A turn of text blocks only stays a plain string, which every provider kind accepts. */
    private static JsonNode onlyText(ArrayNode parts) {
        StringBuilder text = new StringBuilder();
        for (JsonNode part : parts) {
            if (!"text".equals(part.path("type").asText())) {
                return parts;
            }
            if (!text.isEmpty()) {
                text.append('\n');
            }
            text.append(part.path("text").asText());
        }
        return TextNode.valueOf(text.toString());
    }

    private static JsonNode image(JsonNode block, String at) {
        JsonNode source = block.path("source");
        String url = switch (source.path("type").asText("")) {
            case "base64" -> "data:" + source.path("media_type").asText("image/png") + ";base64," + source.path("data").asText();
            case "url" -> source.path("url").asText();
            default -> throw invalid(at + ".source: expected a base64 or url image source");
        };
        ObjectNode part = Json.MAPPER.createObjectNode().put("type", "image_url");
        part.putObject("image_url").put("url", url);
        return part;
    }

    private static String toolResultText(JsonNode block, String at) {
        JsonNode content = block.get("content");
        String text = content == null || content.isNull() ? "" : blocksText(content, at + ".content");
        return block.path("is_error").asBoolean(false) ? "Error: " + text : text;
    }

    private static String blocksText(JsonNode value, String at) {
        if (value.isTextual()) {
            return value.asText();
        }
        if (!value.isArray()) {
            throw invalid(at + ": Input should be a valid string or list of text blocks");
        }
        StringBuilder text = new StringBuilder();
        for (JsonNode block : value) {
            if ("text".equals(block.path("type").asText())) {
                if (!text.isEmpty()) {
                    text.append('\n');
                }
                text.append(block.path("text").asText());
            }
        }
        return text.toString();
    }

    private static List<Tool> tools(JsonNode tools) {
        if (tools == null || !tools.isArray() || tools.isEmpty()) {
            return null;
        }
        List<Tool> out = new ArrayList<>();
        for (int i = 0; i < tools.size(); i++) {
            JsonNode tool = tools.get(i);
            Tool mapped = new Tool();
            mapped.function = new Tool.Definition();
            mapped.function.name = text(tool, "name", false);
            if (mapped.function.name == null) {
                throw invalid("tools." + i + ".name: Field required");
            }
            mapped.function.description = tool.path("description").asText(null);
            mapped.function.parameters = tool.get("input_schema");
            out.add(mapped);
        }
        return out;
    }

    private static void toolChoice(ChatRequest request, JsonNode choice) {
        if (choice == null || !choice.isObject()) {
            return;
        }
        switch (choice.path("type").asText("auto")) {
            case "any" -> request.toolChoice = TextNode.valueOf("required");
            case "none" -> request.toolChoice = TextNode.valueOf("none");
            case "tool" -> {
                ObjectNode named = Json.MAPPER.createObjectNode().put("type", "function");
                named.putObject("function").put("name", choice.path("name").asText());
                request.toolChoice = named;
            }
            default -> request.toolChoice = TextNode.valueOf("auto");
        }
        if (choice.path("disable_parallel_tool_use").asBoolean(false) && request.tools != null) {
            request.parallelToolCalls = false;
        }
    }

    private static String text(JsonNode node, String field, boolean required) {
        JsonNode value = node.get(field);
        if (value == null || !value.isTextual() || value.asText().isBlank()) {
            if (required) {
                throw invalid(field + ": Field required");
            }
            return null;
        }
        return value.asText();
    }

    private static Double number(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isNumber()) {
            throw invalid(field + ": Input should be a valid number");
        }
        return value.asDouble();
    }

    static GatewayException invalid(String message) {
        return GatewayException.invalidRequest(null, "invalid_request", message);
    }
}
