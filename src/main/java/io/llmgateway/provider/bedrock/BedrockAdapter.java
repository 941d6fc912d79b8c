package io.llmgateway.provider.bedrock;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
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
import io.llmgateway.stream.UpstreamBody;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.camel.Exchange;
import org.springframework.stereotype.Component;

/**
 * Amazon Bedrock's Converse API: POST {base-url}/model/{modelId}/converse, signed with AWS SigV4
 * by the AWS SDK's signer ({@link BedrockSigner}). One request shape for every Bedrock model; a
 * streaming call posts the same body to .../converse-stream ({@link BedrockStreamSource}).
 */
@Component("bedrockAdapter")
public class BedrockAdapter extends WireAdapter {

    private final BedrockSigner signer;

    public BedrockAdapter(ModelCatalog catalog, BedrockSigner signer) {
        super(catalog);
        this.signer = signer;
    }

    @Override
    public WireRequest request(ChatRequest request, Target target) {
        if (request.n != null && request.n > 1) {
            throw target.unsupported("n", "n > 1 (several choices per request)");
        }
        if (Parts.wantsJson(request.responseFormat)) {
            throw target.unsupported("response_format", "response_format " + request.responseFormat.path("type").asText()
                    + " (the Converse API has no JSON output mode; use tools)");
        }
        ObjectNode body = Json.MAPPER.createObjectNode();
        ArrayNode system = Json.MAPPER.createArrayNode();
        ArrayNode messages = body.putArray("messages");
        boolean toolBlocks = false;
        for (int i = 0; i < request.messages.size(); i++) {
            ChatMessage message = request.messages.get(i);
            String at = "messages[" + i + "]";
            if (message.isSystem()) {
                if (!message.text().isEmpty()) system.addObject().put("text", message.text());
                continue;
            }
            String role = "assistant".equals(message.role) ? "assistant" : "user";
            ArrayNode content = Json.MAPPER.createArrayNode();
            if ("tool".equals(message.role) || "function".equals(message.role)) {
                toolBlocks = true;
                JsonNode json = Parts.jsonOrNull(message.text());
                ObjectNode result = content.addObject().putObject("toolResult");
                result.put("toolUseId", message.toolCallId);
                ArrayNode resultContent = result.putArray("content");
                if (json != null && json.isObject()) {
                    resultContent.addObject().set("json", json);
                } else {
                    resultContent.addObject().put("text", message.text());
                }
                result.put("status", "success");
            } else {
                List<JsonNode> parts = Parts.parts(message);
                for (int p = 0; p < parts.size(); p++) {
                    content.add(block(parts.get(p), at + ".content[" + p + "]", target));
                }
                if (message.toolCalls != null) {
                    for (int c = 0; c < message.toolCalls.size(); c++) {
                        toolBlocks = true;
                        ToolCall call = message.toolCalls.get(c);
                        ObjectNode use = content.addObject().putObject("toolUse");
                        use.put("toolUseId", call.id).put("name", call.function.name);
                        use.set("input", Parts.arguments(call, at + ".tool_calls[" + c + "].function.arguments"));
                    }
                }
            }
            if (content.isEmpty()) {
                continue;
            }
            Parts.appendTurn(messages, role, "content", content);
        }
        if (messages.isEmpty()) {
            throw GatewayException.invalidRequest("messages", "invalid_value",
                    "Invalid 'messages': Bedrock needs at least one user or assistant message with content.");
        }
        if (!system.isEmpty()) body.set("system", system);
        ObjectNode inference = Json.MAPPER.createObjectNode();
        if (request.outputLimit() != null) inference.put("maxTokens", request.outputLimit());
        if (request.temperature != null) inference.put("temperature", request.temperature);
        if (request.topP != null) inference.put("topP", request.topP);
        ArrayNode stops = Parts.stops(request.stop);
        if (stops != null) inference.set("stopSequences", stops);
        if (!inference.isEmpty()) body.set("inferenceConfig", inference);
        toolConfig(request, body, toolBlocks, target);
        // ConverseStream takes the same body; it answers in AWS event-stream framing instead of one JSON
        String operation = target.stream() ? "/converse-stream" : "/converse";
        WireRequest wire = new WireRequest(body, "model/" + BedrockSigner.encodePathSegment(target.upstreamModel()) + operation, null);
        return target.stream() ? wire.header("Accept", BedrockStreamSource.CONTENT_TYPE) : wire;
    }

    private static JsonNode block(JsonNode part, String at, Target target) {
        String type = part.path("type").asText();
        if (type.equals("text")) {
            return Parts.object().put("text", part.path("text").asText());
        }
        if (type.equals("image_url")) {
            Parts.Image image = Parts.image(part, at + ".image_url");
            if (!image.inline()) {
                throw target.unsupported(at + ".image_url", "image URLs (send the image inline as a data: URL)");
            }
            ObjectNode img = Parts.object().put("format", image.format());
            img.putObject("source").put("bytes", image.base64());
            return Parts.object().set("image", img);
        }
        throw GatewayException.invalidRequest(at + ".type", "invalid_value",
                "Content part type '" + type + "' cannot be sent to Bedrock.");
    }

    private static void toolConfig(ChatRequest request, ObjectNode body, boolean toolBlocks, Target target) {
        if (request.tools == null || request.tools.isEmpty()) {
            return;
        }
        JsonNode choice = request.toolChoice;
        boolean none = choice != null && choice.isTextual() && "none".equals(choice.asText());
        if (none && !toolBlocks) {
            return; // Converse has no "none": not offering the tools honours it
        }
        if (none) {
            throw target.unsupported("tool_choice", "tool_choice \"none\" in a conversation that already used tools");
        }
        ObjectNode config = body.putObject("toolConfig");
        ArrayNode tools = config.putArray("tools");
        for (Tool tool : request.tools) {
            ObjectNode spec = tools.addObject().putObject("toolSpec").put("name", tool.function.name);
            if (tool.function.description != null) spec.put("description", tool.function.description);
            spec.putObject("inputSchema").set("json", tool.function.parameters != null ? tool.function.parameters
                    : Parts.object().put("type", "object").set("properties", Parts.object()));
        }
        if (choice != null && !choice.isNull()) {
            ObjectNode toolChoice = config.putObject("toolChoice");
            if (choice.isTextual()) {
                toolChoice.putObject("required".equals(choice.asText()) ? "any" : "auto");
            } else {
                toolChoice.putObject("tool").put("name", choice.path("function").path("name").asText());
            }
        }
    }

    @Override
    protected void sign(Exchange exchange, WireRequest wire, byte[] body, Target target) {
        signer.sign(target, wire.path(), body).forEach(exchange.getIn()::setHeader);
    }

    @Override
    public ChatResponse response(JsonNode body, ChatRequest request, Target target) {
        StringBuilder text = new StringBuilder();
        List<ToolCall> calls = new ArrayList<>();
        for (JsonNode block : body.path("output").path("message").path("content")) {
            if (block.has("text")) {
                text.append(block.get("text").asText());
            } else if (block.has("toolUse")) {
                JsonNode use = block.get("toolUse");
                ToolCall call = new ToolCall(use.path("toolUseId").asText(), use.path("name").asText(),
                        new String(Json.write(use.has("input") ? use.get("input") : Parts.object()), StandardCharsets.UTF_8));
                call.index = calls.size();
                calls.add(call);
            }
        }
        ChatMessage message = new ChatMessage("assistant", null);
        if (!text.isEmpty() || calls.isEmpty()) message.content = TextNode.valueOf(text.toString());
        if (!calls.isEmpty()) message.toolCalls = calls;
        String finish = finishReason(body.path("stopReason").asText("end_turn"));
        ChatResponse response = new ChatResponse();
        response.id = "chatcmpl-bedrock-" + UUID.randomUUID();
        response.created = Instant.now().getEpochSecond();
        response.model = target.upstreamModel();
        response.choices.add(new ChatResponse.Choice(0, message, finish));
        response.usage = usage(body.path("usage"));
        return response;
    }

    /** Converse's stopReason -> OpenAI's finish_reason (the whole answer's and the stream's messageStop). */
    static String finishReason(String stopReason) {
        return switch (stopReason) {
            case "max_tokens", "model_context_window_exceeded" -> "length";
            case "tool_use" -> "tool_calls";
            case "guardrail_intervened", "content_filtered" -> "content_filter";
            default -> "stop";
        };
    }

    /** Converse's usage (the whole answer's, or the stream's metadata event) -> OpenAI's; cache reads and writes are prompt tokens. */
    static Usage usage(JsonNode usage) {
        int cacheRead = usage.path("cacheReadInputTokens").asInt(0);
        Usage counted = new Usage(usage.path("inputTokens").asInt(0) + cacheRead + usage.path("cacheWriteInputTokens").asInt(0),
                usage.path("outputTokens").asInt(0));
        counted.putExtra("prompt_tokens_details", Parts.object().put("cached_tokens", cacheRead));
        return counted;
    }

    /** ConverseStream's answer: AWS event-stream frames, decoded as they arrive. */
    @Override
    protected ChunkSource chunks(UpstreamBody body, ChatRequest request, Target target) {
        return new BedrockStreamSource(body, target);
    }

    @Override
    public GatewayException error(int status, JsonNode body, Map<String, Object> headers, Target target) {
        // the error's name travels in a header: x-amzn-ErrorType: ThrottlingException:http://internal.amazon.com/...
        Object errorType = headers.get("x-amzn-ErrorType");
        String code = errorType == null ? null : errorType.toString().split(":", 2)[0];
        String message = body == null ? null : text(body.has("message") ? body.get("message") : body.path("Message"));
        return ProviderCalls.providerError(target.providerId(), status, typeFor(status), code, null, message, target.provider());
    }
}
