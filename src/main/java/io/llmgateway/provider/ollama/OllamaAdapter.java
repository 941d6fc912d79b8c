package io.llmgateway.provider.ollama;

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
import io.llmgateway.stream.UpstreamBody;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * Ollama's native chat API: POST {base-url}/api/chat, with stream false unless the call streams (then
 * Ollama answers in NDJSON lines, read by {@link OllamaStreamSource}). Images travel as base64
 * strings beside the text, sampling settings under {@code options}, JSON output as {@code format}.
 */
@Component("ollamaAdapter")
public class OllamaAdapter extends WireAdapter {

    public OllamaAdapter(ModelCatalog catalog) {
        super(catalog);
    }

    @Override
    public WireRequest request(ChatRequest request, Target target) {
        if (request.n != null && request.n > 1) {
            throw target.unsupported("n", "n > 1 (several choices per request)");
        }
        ObjectNode body = Json.MAPPER.createObjectNode();
        body.put("model", target.upstreamModel());
        body.put("stream", target.stream());
        Map<String, String> toolNames = Parts.toolNames(request.messages);
        ArrayNode messages = body.putArray("messages");
        for (int i = 0; i < request.messages.size(); i++) {
            ChatMessage message = request.messages.get(i);
            String at = "messages[" + i + "]";
            ObjectNode m = messages.addObject().put("role", message.isSystem() ? "system" : "function".equals(message.role) ? "tool" : message.role);
            StringBuilder text = new StringBuilder();
            ArrayNode images = Json.MAPPER.createArrayNode();
            List<JsonNode> parts = Parts.parts(message);
            for (int p = 0; p < parts.size(); p++) {
                JsonNode part = parts.get(p);
                String type = part.path("type").asText();
                if (type.equals("text")) {
                    if (!text.isEmpty()) text.append('\n');
                    text.append(part.path("text").asText());
                } else if (type.equals("image_url")) {
                    Parts.Image image = Parts.image(part, at + ".content[" + p + "].image_url");
                    if (!image.inline()) {
                        throw target.unsupported(at + ".content[" + p + "].image_url",
                                "image URLs (send the image inline as a data: URL)");
                    }
                    images.add(image.base64());
                } else {
                    throw GatewayException.invalidRequest(at + ".content[" + p + "].type", "invalid_value",
                            "Content part type '" + type + "' cannot be sent to Ollama.");
                }
            }
            m.put("content", text.toString());
            if (!images.isEmpty()) m.set("images", images);
            if (message.toolCalls != null) {
                ArrayNode calls = m.putArray("tool_calls");
                for (int c = 0; c < message.toolCalls.size(); c++) {
                    ToolCall call = message.toolCalls.get(c);
                    calls.addObject().putObject("function").put("name", call.function.name)
                            .set("arguments", Parts.arguments(call, at + ".tool_calls[" + c + "].function.arguments"));
                }
            }
            if ("tool".equals(m.path("role").asText())) {
                String name = message.name != null ? message.name : toolNames.get(message.toolCallId);
                if (name != null) m.put("tool_name", name);
            }
        }
        if (request.tools != null && !request.tools.isEmpty()) {
            if (request.toolChoice != null && request.toolChoice.isTextual() && "none".equals(request.toolChoice.asText())) {
                // Ollama has no tool_choice: "none" is honoured by not offering the tools
            } else {
                ArrayNode tools = body.putArray("tools");
                for (Tool tool : request.tools) {
                    ObjectNode fn = tools.addObject().put("type", "function").putObject("function").put("name", tool.function.name);
                    if (tool.function.description != null) fn.put("description", tool.function.description);
                    fn.set("parameters", tool.function.parameters != null ? tool.function.parameters
                            : Parts.object().put("type", "object").set("properties", Parts.object()));
                }
            }
        }
        if (Parts.wantsJson(request.responseFormat)) {
            JsonNode schema = Parts.responseSchema(request.responseFormat);
            if (schema != null) body.set("format", schema); else body.put("format", "json");
        }
        ObjectNode options = Json.MAPPER.createObjectNode();
        if (request.temperature != null) options.put("temperature", request.temperature);
        if (request.topP != null) options.put("top_p", request.topP);
        if (request.outputLimit() != null) options.put("num_predict", request.outputLimit());
        if (request.seed != null) options.put("seed", request.seed);
        ArrayNode stops = Parts.stops(request.stop);
        if (stops != null) options.set("stop", stops);
        if (!options.isEmpty()) body.set("options", options);
        if (target.provider().getKeepAlive() != null) body.put("keep_alive", target.provider().getKeepAlive());
        WireRequest wire = new WireRequest(body);
        if (target.stream()) {
            wire.header("Accept", "application/x-ndjson");
        }
        if (target.provider().hasApiKey()) {
            wire.header("Authorization", "Bearer " + target.provider().getApiKey()); // Ollama behind an auth proxy
        }
        return wire;
    }

    @Override
    public ChatResponse response(JsonNode body, ChatRequest request, Target target) {
        JsonNode message = body.path("message");
        List<ToolCall> calls = new ArrayList<>();
        for (JsonNode call : message.path("tool_calls")) {
            ToolCall canonical = toolCall(call, body, calls.size());
            canonical.index = calls.size();
            calls.add(canonical);
        }
        String text = message.path("content").asText("");
        ChatMessage answer = new ChatMessage("assistant", calls.isEmpty() || !text.isEmpty() ? text : null);
        if (!calls.isEmpty()) answer.toolCalls = calls;
        ChatResponse response = new ChatResponse();
        response.id = responseId(body);
        response.created = createdAt(body.path("created_at").asText(null));
        response.model = body.path("model").asText(target.upstreamModel());
        response.choices.add(new ChatResponse.Choice(0, answer, finishReason(body, !calls.isEmpty())));
        response.usage = usage(body);
        return response;
    }

    /** The response id, derived from Ollama's created_at (Ollama gives none); in a stream, from its first line. */
    static String responseId(JsonNode body) {
        return "chatcmpl-ollama-" + Integer.toHexString(body.path("created_at").asText("").hashCode());
    }

    /**
     * One of message.tool_calls as an OpenAI tool call. Ollama sends arguments as an object and usually
     * no id: one is derived from the answer's timestamp and the call's number in the answer.
     */
    static ToolCall toolCall(JsonNode call, JsonNode body, int number) {
        JsonNode fn = call.path("function");
        JsonNode args = fn.path("arguments");
        String arguments = args.isTextual() ? args.asText()
                : new String(Json.write(args.isMissingNode() ? Parts.object() : args), StandardCharsets.UTF_8);
        String id = call.hasNonNull("id") ? call.get("id").asText()
                : "call_" + Integer.toHexString((body.path("created_at").asText() + number).hashCode()) + "_" + number;
        return new ToolCall(id, fn.path("name").asText(), arguments);
    }

    /** The done line's done_reason as OpenAI's finish reason; an answer that called tools finished with tool_calls. */
    static String finishReason(JsonNode body, boolean calledTools) {
        return calledTools ? "tool_calls" : "length".equals(body.path("done_reason").asText()) ? "length" : "stop";
    }

    /** The done line's counts: prompt_eval_count read, eval_count generated. */
    static Usage usage(JsonNode body) {
        return new Usage(body.path("prompt_eval_count").asInt(0), body.path("eval_count").asInt(0));
    }

    static long createdAt(String timestamp) {
        try {
            return timestamp == null ? Instant.now().getEpochSecond() : Instant.parse(timestamp).getEpochSecond();
        } catch (RuntimeException e) {
            return Instant.now().getEpochSecond();
        }
    }

    /** Ollama streams NDJSON: one JSON object per line, the last with done true. */
    @Override
    protected ChunkSource chunks(UpstreamBody body, ChatRequest request, Target target) {
        return new OllamaStreamSource(body, target);
    }

    /** An {"error":"..."} line inside a stream Ollama had started with 200 (its status cannot change any more). */
    static GatewayException streamError(JsonNode line, Target target) {
        return ProviderCalls.streamError(target.providerId(), 502, "server_error", "provider_stream_error",
                text(line.path("error")), target.provider());
    }

    @Override
    public GatewayException error(int status, JsonNode body, Map<String, Object> headers, Target target) {
        String message = body == null ? null : text(body.path("error"));
        return ProviderCalls.providerError(target.providerId(), status, typeFor(status),
                status == 404 ? "model_not_found" : null, null, message, target.provider());
    }
}
