package io.llmgateway.responsesdoor;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.llmgateway.chat.ChatMessage;
import io.llmgateway.chat.Json;
import io.llmgateway.chat.ToolCall;
import io.llmgateway.error.GatewayException;
import java.util.List;
import java.util.Set;

/**
 * Responses API items <-> canonical chat messages. Input is normalised once into items with ids
 * (what input_items lists and the store keeps); items then become messages: message items keep
 * their role, function_call items become the assistant's tool_calls (consecutive ones in one
 * assistant turn, as parallel calls are), function_call_output items become tool messages.
 */
final class ResponseItems {

    private static final Set<String> ROLES = Set.of("user", "assistant", "system", "developer");

    private ResponseItems() {
    }

    /** {@code input} as a string or a list of items -> items with type, id and status, validated. */
    static ArrayNode normalise(JsonNode input) {
        ArrayNode items = Json.MAPPER.createArrayNode();
        if (input == null || input.isNull()) {
            return items;
        }
        if (input.isTextual()) {
            items.add(message("user", input.asText(), "input"));
            return items;
        }
        if (!input.isArray()) {
            throw ResponsesRequests.type("input", "a string or an array of input items");
        }
        for (int i = 0; i < input.size(); i++) {
            items.add(item(input.get(i), "input[" + i + "]"));
        }
        return items;
    }

    private static ObjectNode item(JsonNode item, String at) {
        if (!item.isObject()) {
            throw ResponsesRequests.type(at, "an object");
        }
        // the request's own tree, read for this request alone: completed in place, not copied
        ObjectNode own = (ObjectNode) item;
        String type = item.path("type").asText(item.has("role") ? "message" : "");
        switch (type) {
            case "message" -> {
                String role = item.path("role").asText(null);
                if (!ROLES.contains(role)) {
                    throw ResponsesRequests.invalid(at + ".role", "invalid_value", "Invalid value for '" + at
                            + ".role': expected one of 'user', 'assistant', 'system' or 'developer'.");
                }
                JsonNode content = item.get("content");
                if (content == null || content.isNull()) {
                    throw ResponsesRequests.missing(at + ".content");
                }
                ObjectNode normal = message(role, null, at);
                normal.set("content", parts(content, role, at + ".content"));
                if (item.hasNonNull("id")) {
                    normal.set("id", item.get("id"));
                }
                return normal;
            }
            case "function_call" -> {
                require(item, "call_id", at);
                require(item, "name", at);
                require(item, "arguments", at);
                own.put("type", type);
                idAndStatus(own, "fc_");
                return own;
            }
            case "function_call_output" -> {
                require(item, "call_id", at);
                if (!item.has("output") || item.get("output").isNull()) {
                    throw ResponsesRequests.missing(at + ".output");
                }
                idAndStatus(own, "fco_");
                return own;
            }
            case "reasoning" -> {
                // an earlier turn's reasoning: kept with the conversation, nothing a chat provider takes back
                return own;
            }
            default -> throw ResponsesRequests.invalid(at + ".type", "unsupported_item_type", "Input items of type '"
                    + type + "' are not supported by this gateway; it takes message, function_call and "
                    + "function_call_output items.");
        }
    }

    private static ObjectNode message(String role, String text, String at) {
        ObjectNode message = Json.MAPPER.createObjectNode().put("type", "message");
        message.put("id", ResponseIds.next("msg_"));
        message.put("status", "completed");
        message.put("role", role);
        if (text != null) {
            message.set("content", parts(TextNode.valueOf(text), role, at));
        }
        return message;
    }

    /** Content as a list of typed parts; a plain string becomes one input_text (output_text for the assistant). */
    private static ArrayNode parts(JsonNode content, String role, String at) {
        String textType = "assistant".equals(role) ? "output_text" : "input_text";
        ArrayNode parts = Json.MAPPER.createArrayNode();
        if (content.isTextual()) {
            ObjectNode part = parts.addObject().put("type", textType).put("text", content.asText());
            if ("output_text".equals(textType)) {
                part.putArray("annotations");
            }
            return parts;
        }
        if (!content.isArray()) {
            throw ResponsesRequests.type(at, "a string or an array of content parts");
        }
        for (int p = 0; p < content.size(); p++) {
            JsonNode part = content.get(p);
            String where = at + "[" + p + "]";
            switch (part.path("type").asText("")) {
                case "input_text", "output_text", "refusal" -> parts.add(part);
                case "input_image" -> {
                    if (!part.hasNonNull("image_url")) {
                        throw ResponsesRequests.invalid(where + ".image_url", "unsupported_value",
                                "Images must be given as image_url (a URL or a data: URL); this gateway keeps no files.");
                    }
                    parts.add(part);
                }
                default -> throw ResponsesRequests.invalid(where + ".type", "unsupported_content_type",
                        "Content parts of type '" + part.path("type").asText("") + "' are not supported by this gateway;"
                                + " it takes input_text, input_image (image_url) and output_text.");
            }
        }
        return parts;
    }

    private static void require(JsonNode item, String field, String at) {
        if (!item.path(field).isTextual()) {
            throw ResponsesRequests.missing(at + "." + field);
        }
    }

    private static void idAndStatus(ObjectNode item, String prefix) {
        if (!item.hasNonNull("id")) {
            item.put("id", ResponseIds.next(prefix));
        }
        if (!item.hasNonNull("status")) {
            item.put("status", "completed");
        }
    }

    /** Items (normalised, or a stored response's output) -> canonical messages appended to {@code out}. */
    static void toMessages(ArrayNode items, List<ChatMessage> out) {
        for (JsonNode item : items) {
            switch (item.path("type").asText()) {
                case "message" -> {
                    ChatMessage message = new ChatMessage(item.path("role").asText(), null);
                    message.content = content(item.path("content"));
                    out.add(message);
                }
                case "function_call" -> {
                    ToolCall call = new ToolCall(item.path("call_id").asText(), item.path("name").asText(),
                            item.path("arguments").asText());
                    ChatMessage last = out.isEmpty() ? null : out.get(out.size() - 1);
                    if (last != null && "assistant".equals(last.role)) {
                        if (last.toolCalls == null) {
                            last.toolCalls = new java.util.ArrayList<>();
                        }
                        last.toolCalls.add(call);
                    } else {
                        ChatMessage turn = new ChatMessage("assistant", null);
                        turn.toolCalls = new java.util.ArrayList<>(List.of(call));
                        out.add(turn);
                    }
                }
                case "function_call_output" -> {
                    JsonNode output = item.path("output");
                    ChatMessage result = new ChatMessage("tool", output.isTextual() ? output.asText() : text(output));
                    result.toolCallId = item.path("call_id").asText();
                    out.add(result);
                }
                default -> {
                    // reasoning items: not for a chat provider
                }
            }
        }
    }

    /** Typed parts -> chat content: a plain string when all text (every provider kind takes it), else chat parts. */
    private static JsonNode content(JsonNode parts) {
        boolean onlyText = true;
        for (JsonNode part : parts) {
            onlyText &= !"input_image".equals(part.path("type").asText());
        }
        if (onlyText) {
            return TextNode.valueOf(text(parts));
        }
        ArrayNode chat = Json.MAPPER.createArrayNode();
        for (JsonNode part : parts) {
            if ("input_image".equals(part.path("type").asText())) {
                ObjectNode image = chat.addObject().put("type", "image_url").putObject("image_url")
                        .put("url", part.path("image_url").asText());
                if (part.hasNonNull("detail")) {
                    image.set("detail", part.get("detail"));
                }
            } else {
                chat.addObject().put("type", "text").put("text", partText(part));
            }
        }
        return chat;
    }

    private static String text(JsonNode parts) {
        StringBuilder text = new StringBuilder();
        for (JsonNode part : parts) {
            String piece = partText(part);
            if (piece != null) {
                if (!text.isEmpty()) {
                    text.append('\n');
                }
                text.append(piece);
            }
        }
        return text.toString();
    }

    private static String partText(JsonNode part) {
        if (part.isTextual()) {
            return part.asText();
        }
        JsonNode text = part.has("refusal") ? part.get("refusal") : part.get("text");
        return text == null || text.isNull() ? null : text.asText();
    }
}
