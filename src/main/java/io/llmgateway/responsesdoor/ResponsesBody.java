package io.llmgateway.responsesdoor;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.BigIntegerNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.llmgateway.chat.Json;
import io.llmgateway.chat.RequestBodies;
import io.llmgateway.error.GatewayException;
import java.io.IOException;

/**
 * The top-level fields of a POST /v1/responses body, read in one pass of a streaming parser: a
 * scalar becomes one value node, only a field that holds an object or array (input items, tools,
 * text, ...) is read as a tree. No tree of the whole body is built: on the benchmark's request, the
 * body's tree and its walk were most of the door's cost. Each field holds what {@code body.get(name)}
 * gave on the whole tree (null when absent), so validation reads the same values it always did.
 */
final class ResponsesBody {

    /** A nested value as a tree; the parser goes on past it (the mapper itself would want nothing after). */
    private static final ObjectReader TREE = Json.MAPPER.readerFor(JsonNode.class)
            .without(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    JsonNode model;
    JsonNode input;
    JsonNode instructions;
    JsonNode tools;
    JsonNode toolChoice;
    JsonNode parallelToolCalls;
    JsonNode temperature;
    JsonNode topP;
    JsonNode maxOutputTokens;
    JsonNode text;
    JsonNode reasoning;
    JsonNode user;
    JsonNode store;
    JsonNode stream;
    JsonNode metadata;
    JsonNode previousResponseId;
    JsonNode background;
    JsonNode conversation;
    JsonNode prompt;

    private ResponsesBody() {
    }

    /** The body's fields; broken JSON, a non-object or trailing content get the door's invalid_json 400. */
    static ResponsesBody parse(byte[] bytes) {
        if (bytes.length > 0) {
            try (JsonParser parser = Json.MAPPER.createParser(bytes)) {
                if (parser.nextToken() == JsonToken.START_OBJECT) {
                    ResponsesBody body = new ResponsesBody();
                    JsonToken token;
                    while ((token = parser.nextToken()) == JsonToken.FIELD_NAME) {
                        String name = parser.currentName();
                        body.put(name, parser, parser.nextToken());
                    }
                    if (token == JsonToken.END_OBJECT && parser.nextToken() == null) {
                        return body;
                    }
                }
            } catch (JsonProcessingException e) {
                // answered below, in the words the tree-reading doors use
            } catch (IOException e) {
                throw GatewayException.invalidRequest(null, "invalid_json", "The request body could not be read.");
            }
        }
        // empty, not an object, broken or trailing: the shared reader names the fault (it throws here)
        RequestBodies.jsonObject(bytes);
        throw GatewayException.invalidRequest(null, "invalid_json", "The request body must be a JSON object.");
    }

    private void put(String name, JsonParser parser, JsonToken token) throws IOException {
        switch (name) {
            case "model" -> model = value(parser, token);
            case "input" -> input = value(parser, token);
            case "instructions" -> instructions = value(parser, token);
            case "tools" -> tools = value(parser, token);
            case "tool_choice" -> toolChoice = value(parser, token);
            case "parallel_tool_calls" -> parallelToolCalls = value(parser, token);
            case "temperature" -> temperature = value(parser, token);
            case "top_p" -> topP = value(parser, token);
            case "max_output_tokens" -> maxOutputTokens = value(parser, token);
            case "text" -> text = value(parser, token);
            case "reasoning" -> reasoning = value(parser, token);
            case "user" -> user = value(parser, token);
            case "store" -> store = value(parser, token);
            case "stream" -> stream = value(parser, token);
            case "metadata" -> metadata = value(parser, token);
            case "previous_response_id" -> previousResponseId = value(parser, token);
            case "background" -> background = value(parser, token);
            case "conversation" -> conversation = value(parser, token);
            case "prompt" -> prompt = value(parser, token);
            default -> parser.skipChildren();
        }
    }

    /** The value at the parser as the tree reader would have made it (the same node types). */
    private static JsonNode value(JsonParser parser, JsonToken token) throws IOException {
        return switch (token) {
            case VALUE_STRING -> TextNode.valueOf(parser.getText());
            case VALUE_NUMBER_INT -> switch (parser.getNumberType()) {
                case INT -> IntNode.valueOf(parser.getIntValue());
                case LONG -> LongNode.valueOf(parser.getLongValue());
                default -> BigIntegerNode.valueOf(parser.getBigIntegerValue());
            };
            case VALUE_NUMBER_FLOAT -> DoubleNode.valueOf(parser.getDoubleValue());
            case VALUE_TRUE -> BooleanNode.TRUE;
            case VALUE_FALSE -> BooleanNode.FALSE;
            case VALUE_NULL -> NullNode.getInstance();
            default -> TREE.readTree(parser);
        };
    }
}
