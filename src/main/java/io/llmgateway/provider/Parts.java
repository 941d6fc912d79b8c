package io.llmgateway.provider;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmgateway.chat.ChatMessage;
import io.llmgateway.chat.Json;
import io.llmgateway.chat.ToolCall;
import io.llmgateway.error.GatewayException;
import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Pieces of the canonical request that every native adapter reads the same way. */
public final class Parts {

    private Parts() {
    }

    /** An image part: inline bytes (from a data: URL) or a remote URL. */
    public record Image(String mediaType, String base64, String url) {
        public boolean inline() {
            return base64 != null;
        }

        /** The short format name (png, jpeg, gif, webp) some vendors want instead of a media type. */
        public String format() {
            String type = mediaType == null ? "" : mediaType.toLowerCase(Locale.ROOT);
            return type.startsWith("image/") ? type.substring(6).replace("jpg", "jpeg") : type;
        }
    }

    /** The parts of a message content: a string becomes one text part. Empty texts are dropped. */
    public static List<JsonNode> parts(ChatMessage message) {
        JsonNode content = message.content;
        if (content == null || content.isNull()) {
            return List.of();
        }
        if (content.isTextual()) {
            return content.asText().isEmpty() ? List.of() : List.of(Json.MAPPER.createObjectNode().put("type", "text").put("text", content.asText()));
        }
        java.util.ArrayList<JsonNode> parts = new java.util.ArrayList<>();
        for (JsonNode part : content) {
            if (!"text".equals(part.path("type").asText()) || !part.path("text").asText().isEmpty()) {
                parts.add(part);
            }
        }
        return parts;
    }

    /** Reads an OpenAI image_url part: data:<type>;base64,<data> or an http(s) URL. */
    public static Image image(JsonNode part, String param) {
        JsonNode imageUrl = part.path("image_url");
        String url = imageUrl.isTextual() ? imageUrl.asText() : imageUrl.path("url").asText("");
        if (url.startsWith("data:")) {
            int comma = url.indexOf(',');
            String meta = comma > 0 ? url.substring(5, comma) : "";
            if (comma < 0 || !meta.endsWith(";base64")) {
                throw GatewayException.invalidRequest(param, "invalid_image_url",
                        "Invalid image URL: a data: URL must be data:<media type>;base64,<data>.");
            }
            return new Image(meta.substring(0, meta.length() - 7), url.substring(comma + 1), null);
        }
        if (url.startsWith("http://") || url.startsWith("https://")) {
            return new Image(guessMediaType(url), null, url);
        }
        throw GatewayException.invalidRequest(param, "invalid_image_url",
                "Invalid image URL: expected a data: URL or an http(s) URL.");
    }

    static String guessMediaType(String url) {
        String path = url.toLowerCase(Locale.ROOT);
        int query = indexOfAny(path, '?', '#');
        if (query >= 0) {
            path = path.substring(0, query);
        }
        if (path.endsWith(".png")) return "image/png";
        if (path.endsWith(".gif")) return "image/gif";
        if (path.endsWith(".webp")) return "image/webp";
        return "image/jpeg";
    }

    private static int indexOfAny(String s, char a, char b) {
        int i = s.indexOf(a), j = s.indexOf(b);
        return i < 0 ? j : j < 0 ? i : Math.min(i, j);
    }

    /** A tool call's arguments (a JSON string) as a JSON object; blank means no arguments. */
    public static JsonNode arguments(ToolCall call, String param) {
        String text = call.function == null ? null : call.function.arguments;
        if (text == null || text.isBlank()) {
            return Json.MAPPER.createObjectNode();
        }
        try {
            JsonNode args = Json.MAPPER.readTree(text);
            if (args != null && args.isObject()) {
                return args;
            }
        } catch (IOException ignored) {
            // reported below
        }
        throw GatewayException.invalidRequest(param, "invalid_value",
                "Invalid '" + param + "': tool call arguments must be a JSON object encoded as a string.");
    }

    /** Tool result text parsed as JSON when it is JSON (object, array, number...), else null. */
    public static JsonNode jsonOrNull(String text) {
        String t = text.strip();
        if (t.isEmpty() || !(t.startsWith("{") || t.startsWith("["))) {
            return null;
        }
        try {
            return Json.MAPPER.readTree(t);
        } catch (IOException e) {
            return null;
        }
    }

    /** stop: a string or array of strings -> an array (null when absent). */
    public static ArrayNode stops(JsonNode stop) {
        if (stop == null || stop.isNull()) {
            return null;
        }
        ArrayNode list = Json.MAPPER.createArrayNode();
        if (stop.isTextual()) {
            list.add(stop.asText());
        } else {
            stop.forEach(s -> list.add(s.asText()));
        }
        return list.isEmpty() ? null : list;
    }

    /** Tool call id -> function name, from the assistant turns: vendors that key results by name need it. */
    public static Map<String, String> toolNames(List<ChatMessage> messages) {
        Map<String, String> names = new HashMap<>();
        for (ChatMessage message : messages) {
            if (message.toolCalls != null) {
                for (ToolCall call : message.toolCalls) {
                    if (call.id != null && call.function != null) {
                        names.put(call.id, call.function.name);
                    }
                }
            }
        }
        return names;
    }

    /** The JSON schema of a response_format json_schema, or null for json_object / text. */
    public static JsonNode responseSchema(JsonNode responseFormat) {
        if (responseFormat == null || !"json_schema".equals(responseFormat.path("type").asText())) {
            return null;
        }
        JsonNode schema = responseFormat.path("json_schema").path("schema");
        return schema.isObject() ? schema : Json.MAPPER.createObjectNode().put("type", "object");
    }

    /** Whether the caller asked for JSON output (json_object or json_schema). */
    public static boolean wantsJson(JsonNode responseFormat) {
        String type = responseFormat == null ? "" : responseFormat.path("type").asText();
        return type.equals("json_object") || type.equals("json_schema");
    }

    /**
     * Adds a turn's blocks to the vendor's conversation, merging them into the previous turn when it
     * has the same role (Gemini and Bedrock, like Anthropic, refuse two turns of one role in a row).
     */
    public static void appendTurn(ArrayNode turns, String role, String blocksField, ArrayNode blocks) {
        JsonNode previous = turns.isEmpty() ? null : turns.get(turns.size() - 1);
        if (previous != null && role.equals(previous.path("role").asText())) {
            ((ArrayNode) previous.get(blocksField)).addAll(blocks);
        } else {
            turns.addObject().put("role", role).set(blocksField, blocks);
        }
    }

    public static ObjectNode object() {
        return Json.MAPPER.createObjectNode();
    }
}
