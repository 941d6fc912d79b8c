package io.llmgateway.responsesdoor;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.llmgateway.chat.Json;
import java.io.IOException;
import java.util.List;

/**
 * What the door knows of the Response before the answer: its id, the request fields the Response
 * object repeats (OpenAI's defaults where the caller set none), this request's input and the
 * conversation before it. Kept on the exchange from the request to the reply (and the stream's
 * last event), and written field by field: no JSON tree is built for the Response.
 */
final class ResponseDraft {

    final String id;
    final String tenant;
    final boolean store;
    final long createdAt;
    /** The model alias that answered (routing rules may have chosen it for "auto"). */
    String model;
    // the caller's own values, echoed as sent (null: the field was absent or null)
    private final JsonNode instructions;
    private final JsonNode maxOutputTokens;
    private final boolean parallelToolCalls;
    private final JsonNode previousResponseId;
    private final JsonNode effort;
    private final double temperature;
    private final JsonNode textFormat;
    private final JsonNode toolChoice;
    private final JsonNode tools;
    private final double topP;
    private final JsonNode user;
    private final JsonNode metadata;
    /** The input: a string (one user message, made an item only when needed) or the normalised items. */
    private final JsonNode input;
    private ArrayNode inputItems;
    /** The stored conversation before the input; null when there is none. */
    private final ArrayNode history;

    ResponseDraft(String id, String tenant, ResponsesBody body, String model, Double temperature, Double topP,
            JsonNode input, ArrayNode inputItems, ArrayNode history) {
        this.id = id;
        this.tenant = tenant;
        this.store = body.store == null || body.store.asBoolean(true);
        this.createdAt = System.currentTimeMillis() / 1000;
        this.model = model;
        this.instructions = nonNull(body.instructions);
        this.maxOutputTokens = nonNull(body.maxOutputTokens);
        this.parallelToolCalls = body.parallelToolCalls == null || body.parallelToolCalls.asBoolean(true);
        this.previousResponseId = nonNull(body.previousResponseId);
        this.effort = body.reasoning != null && body.reasoning.hasNonNull("effort") ? body.reasoning.get("effort") : null;
        this.temperature = temperature == null ? 1.0 : temperature;
        this.textFormat = body.text != null && body.text.hasNonNull("format") ? body.text.get("format") : null;
        this.toolChoice = nonNull(body.toolChoice);
        this.tools = body.tools != null && body.tools.isArray() ? body.tools : null;
        this.topP = topP == null ? 1.0 : topP;
        this.user = nonNull(body.user);
        this.metadata = body.metadata != null && body.metadata.isObject() ? body.metadata : null;
        this.input = input;
        this.inputItems = inputItems;
        this.history = history;
    }

    private static JsonNode nonNull(JsonNode value) {
        return value == null || value.isNull() ? null : value;
    }

    /** This request's input items (what input_items lists and the store keeps). */
    ArrayNode input() {
        if (inputItems == null) {
            inputItems = ResponseItems.normalise(input);
        }
        return inputItems;
    }

    /** The conversation before this request's input. */
    ArrayNode history() {
        return history != null ? history : Json.MAPPER.createArrayNode();
    }

    /**
     * The Response object in OpenAI's field order. {@code completedAt} 0: not completed;
     * {@code usage} null: none yet; {@code errorCode} null: no error; {@code outputText} adds the
     * SDKs' output_text convenience (the finished Response only).
     */
    void write(JsonGenerator g, String status, long completedAt, String incomplete, List<OutputItem> output,
            ResponseUsage usage, String errorCode, String errorMessage, boolean outputText) throws IOException {
        g.writeStartObject();
        g.writeStringField("id", id);
        g.writeStringField("object", "response");
        g.writeNumberField("created_at", createdAt);
        g.writeStringField("status", status);
        g.writeBooleanField("background", false);
        g.writeFieldName("completed_at");
        if (completedAt > 0) {
            g.writeNumber(completedAt);
        } else {
            g.writeNull();
        }
        g.writeFieldName("error");
        if (errorCode != null) {
            g.writeStartObject();
            g.writeStringField("code", errorCode);
            g.writeStringField("message", errorMessage);
            g.writeEndObject();
        } else {
            g.writeNull();
        }
        g.writeFieldName("incomplete_details");
        if (incomplete != null) {
            g.writeStartObject();
            g.writeStringField("reason", incomplete);
            g.writeEndObject();
        } else {
            g.writeNull();
        }
        field(g, "instructions", instructions);
        field(g, "max_output_tokens", maxOutputTokens);
        g.writeStringField("model", model);
        g.writeArrayFieldStart("output");
        for (OutputItem item : output) {
            item.write(g);
        }
        g.writeEndArray();
        g.writeBooleanField("parallel_tool_calls", parallelToolCalls);
        field(g, "previous_response_id", previousResponseId);
        g.writeObjectFieldStart("reasoning");
        field(g, "effort", effort);
        g.writeNullField("summary");
        g.writeEndObject();
        g.writeBooleanField("store", store);
        g.writeNumberField("temperature", temperature);
        g.writeObjectFieldStart("text");
        if (textFormat != null) {
            field(g, "format", textFormat);
        } else {
            g.writeObjectFieldStart("format");
            g.writeStringField("type", "text");
            g.writeEndObject();
        }
        g.writeEndObject();
        if (toolChoice != null) {
            field(g, "tool_choice", toolChoice);
        } else {
            g.writeStringField("tool_choice", "auto");
        }
        if (tools != null) {
            field(g, "tools", tools);
        } else {
            g.writeArrayFieldStart("tools");
            g.writeEndArray();
        }
        g.writeNumberField("top_p", topP);
        g.writeStringField("truncation", "disabled");
        g.writeFieldName("usage");
        if (usage != null) {
            usage.write(g);
        } else {
            g.writeNull();
        }
        field(g, "user", user);
        if (metadata != null) {
            field(g, "metadata", metadata);
        } else {
            g.writeObjectFieldStart("metadata");
            g.writeEndObject();
        }
        if (outputText) {
            g.writeStringField("output_text", OutputItem.outputText(output));
        }
        g.writeEndObject();
    }

    /** A caller's value as it came: scalars directly, objects and arrays through the mapper (rare). */
    private static void field(JsonGenerator g, String name, JsonNode value) throws IOException {
        g.writeFieldName(name);
        if (value == null || value.isNull()) {
            g.writeNull();
        } else if (value.isTextual()) {
            g.writeString(value.textValue());
        } else if (value.isBoolean()) {
            g.writeBoolean(value.booleanValue());
        } else if (value.isInt()) {
            g.writeNumber(value.intValue());
        } else if (value.isLong()) {
            g.writeNumber(value.longValue());
        } else if (value.isDouble()) {
            g.writeNumber(value.doubleValue());
        } else {
            Json.MAPPER.writeTree(g, value);
        }
    }
}
