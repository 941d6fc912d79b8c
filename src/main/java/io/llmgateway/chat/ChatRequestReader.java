package io.llmgateway.chat;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import io.llmgateway.core.GatewayProperties;
import io.llmgateway.error.GatewayException;
import java.io.IOException;
import java.util.List;
import java.util.Set;
import org.apache.camel.Exchange;
import org.springframework.stereotype.Component;

/**
 * Parses a request body into a {@link ChatRequest} exactly once and validates it, answering the
 * caller in OpenAI's words (same codes, same parameter paths) when something is wrong.
 */
@Component("chatRequestReader")
public class ChatRequestReader {

    static final Set<String> ROLES = Set.of("system", "developer", "user", "assistant", "tool", "function");

    private final long maxBodyBytes;

    public ChatRequestReader(GatewayProperties properties) {
        this.maxBodyBytes = properties.getMaxBodySize().toBytes();
    }

    /** Reads the exchange body (bytes, stream or text, or an already built ChatRequest) into a validated ChatRequest body. */
    public void read(Exchange exchange) {
        // a door that speaks another API (Anthropic's /v1/messages) hands over the canonical request it built
        ChatRequest request = exchange.getIn().getBody() instanceof ChatRequest built
                ? built : parse(RequestBodies.bytes(exchange, maxBodyBytes));
        validate(request);
        exchange.getIn().setBody(request);
        StreamRequests.note(exchange, request);
    }

    ChatRequest parse(byte[] body) {
        if (body.length == 0) {
            throw GatewayException.invalidRequest(null, "invalid_json",
                    "The request body is empty; expected a JSON object.");
        }
        try {
            // bound straight from the bytes: a JsonNode tree first and then the object would read it twice
            try (JsonParser parser = Json.MAPPER.createParser(body)) {
                if (parser.nextToken() != JsonToken.START_OBJECT) {
                    throw GatewayException.invalidRequest(null, "invalid_json", "The request body must be a JSON object.");
                }
                return Json.MAPPER.readValue(parser, ChatRequest.class);
            }
        } catch (MismatchedInputException e) {
            String path = path(e);
            throw GatewayException.invalidRequest(path, "invalid_type",
                    "Invalid type for '" + path + "': expected " + expected(e.getTargetType()) + ".");
        } catch (JsonMappingException e) {
            if (e.getCause() instanceof JsonParseException broken) {
                // binding wraps the parser's error with the path it had reached: it is still broken JSON
                throw GatewayException.invalidRequest(null, "invalid_json",
                        "We could not parse the JSON body of your request: " + reason(broken) + ".");
            }
            String path = path(e);
            throw GatewayException.invalidRequest(path, "invalid_value", "Invalid value for '" + path + "'.");
        } catch (JsonProcessingException e) {
            throw GatewayException.invalidRequest(null, "invalid_json",
                    "We could not parse the JSON body of your request: " + reason(e) + ".");
        } catch (IOException e) {
            throw GatewayException.invalidRequest(null, "invalid_json", "The request body could not be read.");
        }
    }

    void validate(ChatRequest request) {
        if (request.model == null || request.model.isBlank()) {
            throw missing("model");
        }
        List<ChatMessage> messages = request.messages;
        if (messages == null) {
            throw missing("messages");
        }
        if (messages.isEmpty()) {
            throw GatewayException.invalidRequest("messages", "empty_array",
                    "Invalid 'messages': empty array. Expected an array with minimum length 1.");
        }
        for (int i = 0; i < messages.size(); i++) {
            validateMessage(messages.get(i), "messages[" + i + "]");
        }
        if (request.streamOptions != null && !request.streamOptions.isNull()) {
            if (!request.isStream()) {
                throw GatewayException.invalidRequest("stream_options", "invalid_value",
                        "The 'stream_options' parameter is only allowed when 'stream' is enabled.");
            }
            if (!request.streamOptions.isObject()) {
                throw type("stream_options", "an object");
            }
            JsonNode includeUsage = request.streamOptions.get("include_usage");
            if (includeUsage != null && !includeUsage.isNull() && !includeUsage.isBoolean()) {
                throw type("stream_options.include_usage", "a boolean");
            }
        }
        range("temperature", request.temperature, 0, 2);
        range("top_p", request.topP, 0, 1);
        positive("max_tokens", request.maxTokens);
        positive("max_completion_tokens", request.maxCompletionTokens);
        positive("n", request.n);
        if (request.stop != null && !request.stop.isNull() && !request.stop.isTextual() && !request.stop.isArray()) {
            throw type("stop", "a string or an array of strings");
        }
        if (request.tools != null) {
            for (int i = 0; i < request.tools.size(); i++) {
                Tool tool = request.tools.get(i);
                if (tool == null || tool.function == null || tool.function.name == null || tool.function.name.isBlank()) {
                    throw missing("tools[" + i + "].function.name");
                }
            }
        }
    }

    private static void validateMessage(ChatMessage message, String at) {
        if (message == null) {
            throw type(at, "an object");
        }
        if (message.role == null) {
            throw missing(at + ".role");
        }
        if (!ROLES.contains(message.role)) {
            throw GatewayException.invalidRequest(at + ".role", "invalid_value",
                    "Invalid value: '" + message.role + "'. Supported values are: 'system', 'assistant', 'user', "
                            + "'function', 'tool', and 'developer'.");
        }
        JsonNode content = message.content;
        boolean hasContent = content != null && !content.isNull();
        if (hasContent && !content.isTextual() && !content.isArray()) {
            throw type(at + ".content", "one of a string or array of objects");
        }
        if (hasContent && content.isArray()) {
            for (int p = 0; p < content.size(); p++) {
                JsonNode part = content.get(p);
                if (!part.isObject() || !part.path("type").isTextual()) {
                    throw missing(at + ".content[" + p + "].type");
                }
            }
        }
        boolean assistantWithCalls = "assistant".equals(message.role) && message.toolCalls != null && !message.toolCalls.isEmpty();
        if (!hasContent && !assistantWithCalls) {
            throw missing(at + ".content");
        }
        if ("tool".equals(message.role) && (message.toolCallId == null || message.toolCallId.isBlank())) {
            throw missing(at + ".tool_call_id");
        }
    }

    private static void range(String field, Double value, double min, double max) {
        if (value != null && (value < min || value > max)) {
            throw GatewayException.invalidRequest(field, "decimal_out_of_range", "Invalid '" + field + "': decimal "
                    + "above maximum value or below minimum value. Expected a value between " + min + " and " + max + ".");
        }
    }

    private static void positive(String field, Integer value) {
        if (value != null && value < 1) {
            throw GatewayException.invalidRequest(field, "integer_below_min_value",
                    "Invalid '" + field + "': integer below minimum value. Expected a value >= 1, but got " + value + ".");
        }
    }

    private static GatewayException missing(String field) {
        return GatewayException.invalidRequest(field, "missing_required_parameter",
                "Missing required parameter: '" + field + "'.");
    }

    private static GatewayException type(String field, String expected) {
        return GatewayException.invalidRequest(field, "invalid_type",
                "Invalid type for '" + field + "': expected " + expected + ".");
    }

    private static String path(JsonMappingException e) {
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference ref : e.getPath()) {
            if (ref.getIndex() >= 0) {
                path.append('[').append(ref.getIndex()).append(']');
            } else if (ref.getFieldName() != null) {
                if (!path.isEmpty()) {
                    path.append('.');
                }
                path.append(ref.getFieldName());
            }
        }
        return path.isEmpty() ? null : path.toString();
    }

    /** Jackson's reason without its source excerpt, plus where it happened. */
    private static String reason(JsonProcessingException e) {
        String reason = e.getOriginalMessage();
        int cut = reason.indexOf(" (");
        reason = (cut > 0 ? reason.substring(0, cut) : reason).split("\n", 2)[0];
        return e.getLocation() == null ? reason
                : reason + " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
    }

    private static String expected(Class<?> type) {
        if (type == null) {
            return "a different type";
        }
        if (Number.class.isAssignableFrom(type) || type.isPrimitive() && type != boolean.class) {
            return "a number";
        }
        if (type == String.class) {
            return "a string";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "a boolean";
        }
        if (List.class.isAssignableFrom(type)) {
            return "an array";
        }
        return "an object";
    }
}
