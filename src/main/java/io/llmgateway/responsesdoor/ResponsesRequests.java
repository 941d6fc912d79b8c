package io.llmgateway.responsesdoor;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmgateway.chat.ChatMessage;
import io.llmgateway.chat.ChatRequest;
import io.llmgateway.chat.Json;
import io.llmgateway.chat.RequestBodies;
import io.llmgateway.chat.Tool;
import io.llmgateway.core.ExchangeProperties;
import io.llmgateway.core.GatewayProperties;
import io.llmgateway.error.GatewayException;
import io.llmgateway.tenant.CallerTenants;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.camel.Exchange;
import org.springframework.stereotype.Component;

/**
 * POST /v1/responses body -> the canonical (Chat Completions) request, so the Responses API runs
 * the same pipeline as /v1/chat/completions and every provider kind can answer it. instructions
 * becomes a leading system message; with previous_response_id the stored conversation (its earlier
 * input and output) comes before the new input. Only function tools can be translated: a hosted
 * tool (web_search, file_search, ...) runs at OpenAI, not here, so it is refused with a 400 naming it.
 * The body is read in one streaming pass ({@link ResponsesBody}); no tree of the whole body is built.
 */
@Component("responsesRequests")
public class ResponsesRequests {

    private final long maxBodyBytes;
    private final ResponseStore store;

    public ResponsesRequests(GatewayProperties properties, ResponseStore store) {
        this.maxBodyBytes = properties.getMaxBodySize().toBytes();
        this.store = store;
    }

    public void read(Exchange exchange) {
        ResponsesBody body = ResponsesBody.parse(RequestBodies.bytes(exchange, maxBodyBytes));
        String tenant = CallerTenants.of(exchange);
        refuseUnsupported("background", body.background);
        refuseUnsupported("conversation", body.conversation);
        refuseUnsupported("prompt", body.prompt);
        ArrayNode history = history(body.previousResponseId, tenant);
        // a string is one user message: its item (with an id) is made only if the store wants it
        boolean text = body.input != null && body.input.isTextual();
        ArrayNode items = text ? null : ResponseItems.normalise(body.input);
        if (items != null && items.isEmpty()) {
            throw missing("input");
        }
        ChatRequest request = toCanonical(body, history, text ? body.input.textValue() : null, items);
        ResponseDraft draft = new ResponseDraft(ResponseIds.next("resp_"), tenant, body, request.model,
                request.temperature, request.topP, body.input, items, history);
        exchange.setProperty(ExchangeProperties.RESPONSE_DRAFT, draft);
        exchange.getIn().setBody(request);
    }

    /** Fields that need a service the gateway does not have; refused rather than silently ignored. */
    private static void refuseUnsupported(String field, JsonNode value) {
        if (value != null && !value.isNull() && !(value.isBoolean() && !value.asBoolean())) {
            throw invalid(field, "unsupported_parameter", "The '" + field + "' parameter is not supported by this gateway.");
        }
    }

    /** The stored conversation before the new input: the previous response's history, input and output; null when none. */
    private ArrayNode history(JsonNode previous, String tenant) {
        if (previous == null || previous.isNull()) {
            return null;
        }
        if (!previous.isTextual()) {
            throw type("previous_response_id", "a string");
        }
        StoredResponse stored = store.get(previous.asText(), tenant).orElseThrow(() -> invalid("previous_response_id",
                "previous_response_not_found", "Previous response with id '" + previous.asText() + "' not found."));
        ArrayNode history = Json.MAPPER.createArrayNode();
        try {
            history.addAll((ArrayNode) Json.MAPPER.readTree(stored.history()));
            history.addAll((ArrayNode) Json.MAPPER.readTree(stored.input()));
            history.addAll((ArrayNode) Json.MAPPER.readTree(stored.response()).path("output"));
        } catch (IOException e) {
            throw new IllegalStateException("A stored response is not JSON", e);
        }
        return history;
    }

    /** {@code text}: the input as one user message; else {@code items}, the normalised input items. */
    static ChatRequest toCanonical(ResponsesBody body, ArrayNode history, String text, ArrayNode items) {
        ChatRequest request = new ChatRequest();
        JsonNode model = body.model;
        if (model == null || !model.isTextual() || model.asText().isBlank()) {
            throw missing("model");
        }
        request.model = model.asText();
        request.messages = new ArrayList<>(history == null && items == null ? 2 : 8);
        JsonNode instructions = body.instructions;
        if (instructions != null && !instructions.isNull()) {
            if (!instructions.isTextual()) {
                throw type("instructions", "a string");
            }
            request.messages.add(new ChatMessage("system", instructions.asText()));
        }
        if (history != null) {
            ResponseItems.toMessages(history, request.messages);
        }
        if (text != null) {
            request.messages.add(new ChatMessage("user", text));
        } else {
            ResponseItems.toMessages(items, request.messages);
        }
        request.tools = tools(body.tools);
        request.toolChoice = toolChoice(body.toolChoice);
        JsonNode parallel = body.parallelToolCalls;
        if (parallel != null && parallel.isBoolean() && request.tools != null) {
            request.parallelToolCalls = parallel.asBoolean();
        }
        request.temperature = number(body.temperature, "temperature");
        request.topP = number(body.topP, "top_p");
        JsonNode maxOutput = body.maxOutputTokens;
        if (maxOutput != null && !maxOutput.isNull()) {
            if (!maxOutput.canConvertToInt()) {
                throw type("max_output_tokens", "an integer");
            }
            if (maxOutput.asInt() < 1) {
                throw invalid("max_output_tokens", "integer_below_min_value",
                        "Invalid 'max_output_tokens': integer below minimum value. Expected a value >= 1, but got "
                                + maxOutput.asInt() + ".");
            }
            request.maxCompletionTokens = maxOutput.asInt();
        }
        if (body.text != null) {
            request.responseFormat = responseFormat(body.text.get("format"));
            JsonNode verbosity = body.text.get("verbosity");
            if (verbosity != null && verbosity.isTextual()) {
                request.putExtra("verbosity", verbosity);
            }
        }
        JsonNode effort = body.reasoning == null ? null : body.reasoning.get("effort");
        if (effort != null && effort.isTextual()) {
            // Chat Completions' name for it; OpenAI-kind providers pass it on, the native kinds ignore it
            request.putExtra("reasoning_effort", effort);
        }
        JsonNode user = body.user;
        if (user != null && user.isTextual()) {
            request.user = user.asText();
        }
        if (body.stream != null && body.stream.asBoolean(false)) {
            request.stream = true;
            // response.completed carries the usage, so the final usage is always asked for
            request.streamOptions = Json.MAPPER.createObjectNode().put("include_usage", true);
        }
        return request;
    }

    private static List<Tool> tools(JsonNode tools) {
        if (tools == null || tools.isNull()) {
            return null;
        }
        if (!tools.isArray()) {
            throw type("tools", "an array");
        }
        if (tools.isEmpty()) {
            return null;
        }
        List<Tool> out = new ArrayList<>();
        for (int i = 0; i < tools.size(); i++) {
            JsonNode tool = tools.get(i);
            String type = tool.path("type").asText("");
            if (!"function".equals(type)) {
                throw hostedTool("tools[" + i + "].type", type);
            }
            JsonNode name = tool.get("name");
            if (name == null || !name.isTextual() || name.asText().isBlank()) {
                throw missing("tools[" + i + "].name");
            }
            Tool mapped = new Tool();
            mapped.function = new Tool.Definition();
            mapped.function.name = name.asText();
            mapped.function.description = tool.path("description").asText(null);
            mapped.function.parameters = tool.get("parameters");
            if (tool.path("strict").isBoolean()) {
                mapped.function.strict = tool.get("strict").asBoolean();
            }
            out.add(mapped);
        }
        return out;
    }

    private static JsonNode toolChoice(JsonNode choice) {
        if (choice == null || choice.isNull()) {
            return null;
        }
        if (choice.isTextual()) {
            if (!Set.of("auto", "none", "required").contains(choice.asText())) {
                throw invalid("tool_choice", "invalid_value", "Invalid value for 'tool_choice': expected 'auto', 'none', "
                        + "'required' or an object naming a function.");
            }
            return choice;
        }
        String type = choice.path("type").asText("");
        if (!"function".equals(type)) {
            throw hostedTool("tool_choice.type", type);
        }
        ObjectNode named = Json.MAPPER.createObjectNode().put("type", "function");
        named.putObject("function").put("name", choice.path("name").asText());
        return named;
    }

    /** text.format -> response_format: json_schema keeps its name, schema, strict and description. */
    private static JsonNode responseFormat(JsonNode format) {
        if (format == null || format.isNull()) {
            return null;
        }
        return switch (format.path("type").asText("")) {
            case "text" -> null;
            case "json_object" -> Json.MAPPER.createObjectNode().put("type", "json_object");
            case "json_schema" -> {
                if (!format.path("schema").isObject()) {
                    throw missing("text.format.schema");
                }
                if (!format.path("name").isTextual()) {
                    throw missing("text.format.name");
                }
                ObjectNode chat = Json.MAPPER.createObjectNode().put("type", "json_schema");
                ObjectNode schema = chat.putObject("json_schema");
                for (String field : List.of("name", "description", "schema", "strict")) {
                    if (format.hasNonNull(field)) {
                        schema.set(field, format.get(field));
                    }
                }
                yield chat;
            }
            default -> throw invalid("text.format.type", "invalid_value", "Invalid value for 'text.format.type': "
                    + "expected 'text', 'json_object' or 'json_schema'.");
        };
    }

    private static Double number(JsonNode value, String field) {
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isNumber()) {
            throw type(field, "a number");
        }
        return value.asDouble();
    }

    private static GatewayException hostedTool(String param, String type) {
        return invalid(param, "unsupported_tool", "The tool type '" + type + "' is not supported by this gateway: it"
                + " cannot run OpenAI's hosted tools (web_search, file_search, code_interpreter, computer_use, mcp,"
                + " image_generation, ...). Define a function tool and run it in your application instead.");
    }

    static GatewayException invalid(String param, String code, String message) {
        return GatewayException.invalidRequest(param, code, message);
    }

    static GatewayException missing(String field) {
        return invalid(field, "missing_required_parameter", "Missing required parameter: '" + field + "'.");
    }

    static GatewayException type(String field, String expected) {
        return invalid(field, "invalid_type", "Invalid type for '" + field + "': expected " + expected + ".");
    }
}
