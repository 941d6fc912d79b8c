package io.llmgateway.provider.gemini;

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
import io.llmgateway.stream.SseReader;
import io.llmgateway.stream.UpstreamBody;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.stereotype.Component;

/**
 * Google's Gemini API: POST {base-url}/models/{model}:generateContent with x-goog-api-key.
 * Roles user/model, system turns -> systemInstruction, tools -> functionDeclarations, tool
 * results -> functionResponse parts (Gemini keys them by function name, found from the call id).
 */
@Component("geminiAdapter")
public class GeminiAdapter extends WireAdapter {

    /** Finish reasons that mean the answer was withheld by a safety or policy filter. */
    private static final Set<String> FILTERED = Set.of("SAFETY", "RECITATION", "BLOCKLIST", "PROHIBITED_CONTENT",
            "SPII", "IMAGE_SAFETY", "LANGUAGE");
    /** JSON-schema keywords Gemini's OpenAPI-subset responseSchema rejects. */
    private static final Set<String> UNSUPPORTED_SCHEMA_KEYS = Set.of("$schema", "additionalProperties", "strict", "$id");

    public GeminiAdapter(ModelCatalog catalog) {
        super(catalog);
    }

    @Override
    public WireRequest request(ChatRequest request, Target target) {
        ObjectNode body = Json.MAPPER.createObjectNode();
        Map<String, String> toolNames = Parts.toolNames(request.messages);
        ArrayNode contents = body.putArray("contents");
        ArrayNode system = Json.MAPPER.createArrayNode();
        for (int i = 0; i < request.messages.size(); i++) {
            ChatMessage message = request.messages.get(i);
            String at = "messages[" + i + "]";
            if (message.isSystem()) {
                if (!message.text().isEmpty()) system.addObject().put("text", message.text());
                continue;
            }
            ArrayNode parts = Json.MAPPER.createArrayNode();
            String role = "assistant".equals(message.role) ? "model" : "user";
            if ("tool".equals(message.role) || "function".equals(message.role)) {
                String name = message.name != null ? message.name : toolNames.get(message.toolCallId);
                if (name == null) {
                    throw GatewayException.invalidRequest(at + ".tool_call_id", "invalid_value", "Invalid '" + at
                            + ".tool_call_id': no earlier assistant tool call has the id '" + message.toolCallId + "'.");
                }
                JsonNode json = Parts.jsonOrNull(message.text());
                // functionResponse.response must be an object: wrap anything else
                JsonNode response = json != null && json.isObject() ? json
                        : Parts.object().set("result", json != null ? json : TextNode.valueOf(message.text()));
                ObjectNode call = parts.addObject().putObject("functionResponse");
                call.put("name", name);
                call.set("response", response);
            } else {
                List<JsonNode> content = Parts.parts(message);
                for (int p = 0; p < content.size(); p++) {
                    parts.add(part(content.get(p), at + ".content[" + p + "]"));
                }
                if (message.toolCalls != null) {
                    for (int c = 0; c < message.toolCalls.size(); c++) {
                        ToolCall call = message.toolCalls.get(c);
                        ObjectNode fc = parts.addObject().putObject("functionCall");
                        fc.put("name", call.function.name);
                        fc.set("args", Parts.arguments(call, at + ".tool_calls[" + c + "].function.arguments"));
                    }
                }
            }
            if (parts.isEmpty()) {
                continue;
            }
            Parts.appendTurn(contents, role, "parts", parts);
        }
        if (contents.isEmpty()) {
            throw GatewayException.invalidRequest("messages", "invalid_value",
                    "Invalid 'messages': Gemini needs at least one user or assistant message with content.");
        }
        if (!system.isEmpty()) {
            body.putObject("systemInstruction").set("parts", system);
        }
        tools(request, body);
        ObjectNode config = generationConfig(request);
        if (!config.isEmpty()) body.set("generationConfig", config);
        // streaming: the same body to streamGenerateContent; alt=sse asks for Server-Sent Events (else a JSON array)
        WireRequest wire = target.stream()
                ? new WireRequest(body, "models/" + target.upstreamModel() + ":streamGenerateContent", "alt=sse")
                : new WireRequest(body, "models/" + target.upstreamModel() + ":generateContent", null);
        if (target.stream()) {
            wire.header("Accept", "text/event-stream");
        }
        return wire.header("x-goog-api-key", target.provider().hasApiKey() ? target.provider().getApiKey() : null);
    }

    private static JsonNode part(JsonNode part, String at) {
        String type = part.path("type").asText();
        if (type.equals("text")) {
            return Parts.object().put("text", part.path("text").asText());
        }
        if (type.equals("image_url")) {
            Parts.Image image = Parts.image(part, at + ".image_url");
            return image.inline()
                    ? Parts.object().set("inlineData", Parts.object().put("mimeType", image.mediaType()).put("data", image.base64()))
                    : Parts.object().set("fileData", Parts.object().put("mimeType", image.mediaType()).put("fileUri", image.url()));
        }
        throw GatewayException.invalidRequest(at + ".type", "invalid_value",
                "Content part type '" + type + "' cannot be sent to Gemini.");
    }

    private static void tools(ChatRequest request, ObjectNode body) {
        if (request.tools == null || request.tools.isEmpty()) {
            return;
        }
        ArrayNode declarations = body.putArray("tools").addObject().putArray("functionDeclarations");
        for (Tool tool : request.tools) {
            ObjectNode d = declarations.addObject().put("name", tool.function.name);
            if (tool.function.description != null) d.put("description", tool.function.description);
            if (tool.function.parameters != null && tool.function.parameters.isObject()
                    && tool.function.parameters.path("properties").size() > 0) {
                d.set("parameters", schema(tool.function.parameters));
            }
        }
        JsonNode choice = request.toolChoice;
        if (choice == null || choice.isNull()) {
            return;
        }
        ObjectNode calling = body.putObject("toolConfig").putObject("functionCallingConfig");
        if (choice.isTextual()) {
            calling.put("mode", switch (choice.asText()) {
                case "none" -> "NONE";
                case "required" -> "ANY";
                default -> "AUTO";
            });
        } else {
            calling.put("mode", "ANY").putArray("allowedFunctionNames").add(choice.path("function").path("name").asText());
        }
    }

    private static ObjectNode generationConfig(ChatRequest request) {
        ObjectNode config = Json.MAPPER.createObjectNode();
        if (request.temperature != null) config.put("temperature", request.temperature);
        if (request.topP != null) config.put("topP", request.topP);
        if (request.outputLimit() != null) config.put("maxOutputTokens", request.outputLimit());
        ArrayNode stops = Parts.stops(request.stop);
        if (stops != null) config.set("stopSequences", stops);
        if (request.n != null && request.n > 1) config.put("candidateCount", request.n);
        if (request.seed != null) config.put("seed", request.seed);
        if (Parts.wantsJson(request.responseFormat)) {
            config.put("responseMimeType", "application/json");
            JsonNode schema = Parts.responseSchema(request.responseFormat);
            if (schema != null) config.set("responseSchema", schema(schema));
        }
        return config;
    }

    /** A JSON schema minus the keywords Gemini's schema subset refuses. */
    static JsonNode schema(JsonNode schema) {
        if (schema.isObject()) {
            ObjectNode copy = Parts.object();
            schema.properties().forEach(e -> {
                if (!UNSUPPORTED_SCHEMA_KEYS.contains(e.getKey())) copy.set(e.getKey(), schema(e.getValue()));
            });
            return copy;
        }
        if (schema.isArray()) {
            ArrayNode copy = Json.MAPPER.createArrayNode();
            schema.forEach(item -> copy.add(schema(item)));
            return copy;
        }
        return schema;
    }

    @Override
    public ChatResponse response(JsonNode body, ChatRequest request, Target target) {
        ChatResponse response = new ChatResponse();
        String responseId = responseId(body);
        response.id = "chatcmpl-" + responseId;
        response.created = Instant.now().getEpochSecond();
        response.model = body.path("modelVersion").asText(target.upstreamModel());
        JsonNode candidates = body.path("candidates");
        if (candidates.isEmpty()) {
            // the prompt itself was blocked: no candidate at all
            response.choices.add(new ChatResponse.Choice(0, new ChatMessage("assistant", ""), "content_filter"));
        }
        int callNumber = 0;
        for (JsonNode candidate : candidates) {
            StringBuilder text = new StringBuilder();
            List<ToolCall> calls = new ArrayList<>();
            for (JsonNode part : candidate.path("content").path("parts")) {
                if (part.path("thought").asBoolean(false)) {
                    continue;
                }
                if (part.has("text")) {
                    text.append(part.get("text").asText());
                }
                if (part.has("functionCall")) {
                    ToolCall call = toolCall(part.get("functionCall"), responseId, callNumber++);
                    call.index = calls.size();
                    calls.add(call);
                }
            }
            ChatMessage message = new ChatMessage("assistant", calls.isEmpty() || !text.isEmpty() ? text.toString() : null);
            if (!calls.isEmpty()) message.toolCalls = calls;
            String finish = finishReason(candidate.path("finishReason").asText("STOP"), !calls.isEmpty());
            response.choices.add(new ChatResponse.Choice(candidate.path("index").asInt(response.choices.size()), message, finish));
        }
        response.usage = usage(body.path("usageMetadata"));
        return response;
    }

    /** The id Gemini gave the response (it names the chunks and the derived call ids), else a fresh one. */
    static String responseId(JsonNode body) {
        return body.hasNonNull("responseId") ? body.get("responseId").asText() : Long.toHexString(System.nanoTime());
    }

    /**
     * A functionCall part as an OpenAI tool call (arguments whole). Gemini's calls usually carry no id:
     * one is derived that the caller can echo back, unique per response by the call's number in it.
     */
    static ToolCall toolCall(JsonNode functionCall, String responseId, int number) {
        String id = functionCall.hasNonNull("id") ? functionCall.get("id").asText() : "call_" + responseId + "_" + number;
        return new ToolCall(id, functionCall.path("name").asText(),
                new String(Json.write(functionCall.has("args") ? functionCall.get("args") : Parts.object()), StandardCharsets.UTF_8));
    }

    /** Gemini's finishReason as OpenAI's; a candidate that called functions finished with tool_calls (Gemini says STOP). */
    static String finishReason(String reason, boolean calledTools) {
        return calledTools ? "tool_calls"
                : reason.equals("MAX_TOKENS") ? "length"
                : FILTERED.contains(reason) ? "content_filter" : "stop";
    }

    /** usageMetadata as OpenAI's usage; thinking tokens count as completion tokens, as OpenAI bills reasoning. */
    static Usage usage(JsonNode usage) {
        int prompt = usage.path("promptTokenCount").asInt(0);
        int completion = usage.path("candidatesTokenCount").asInt(0) + usage.path("thoughtsTokenCount").asInt(0);
        Usage canonical = new Usage(prompt, completion);
        canonical.putExtra("prompt_tokens_details",
                Parts.object().put("cached_tokens", usage.path("cachedContentTokenCount").asInt(0)));
        return canonical;
    }

    /** streamGenerateContent?alt=sse: one GenerateContentResponse per event, read as it arrives. */
    @Override
    protected ChunkSource chunks(UpstreamBody body, ChatRequest request, Target target) {
        return new GeminiStreamSource(new SseReader(body, target.provider().getMaxEventSize().toBytes()), this, target);
    }

    /**
     * An {"error":{code,message,status}} event inside a stream (the HTTP status was 200 already): the
     * error's own code as the status (Gemini's gRPC-mapped HTTP code), else 502.
     */
    GatewayException streamError(JsonNode body, Target target) {
        JsonNode error = body.path("error");
        int code = error.path("code").asInt(0);
        int status = code >= 400 && code < 600 ? code : 502;
        return ProviderCalls.streamError(target.providerId(), status, typeFor(status),
                error.hasNonNull("status") ? error.get("status").asText() : "provider_stream_error",
                text(error.path("message")), target.provider());
    }

    @Override
    public GatewayException error(int status, JsonNode body, Map<String, Object> headers, Target target) {
        JsonNode error = body == null ? null : body.isArray() ? body.path(0).path("error") : body.path("error");
        String code = error != null && error.hasNonNull("status") ? error.get("status").asText() : null;
        String message = error == null ? null : text(error.path("message"));
        return ProviderCalls.providerError(target.providerId(), status, typeFor(status), code, null, message, target.provider());
    }
}
