package io.llmgateway.provider.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmgateway.chat.Json;
import io.llmgateway.chat.ToolCall;
import io.llmgateway.error.GatewayException;
import io.llmgateway.stream.ChatChunk;
import io.llmgateway.stream.ChunkSource;
import io.llmgateway.stream.StreamEvents;
import io.llmgateway.stream.SseReader;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;

/**
 * Anthropic's Messages event stream as canonical chunks: message_start opens (role, input
 * tokens), content_block_start/delta carry text_delta and tool_use with input_json_delta
 * fragments, message_delta brings the stop reason and output tokens, message_stop ends. A body
 * ending before message_stop was cut; an {@code error} event ends it with the vendor's error.
 * Thinking blocks, pings and unknown events carry nothing for the chat shape and are skipped.
 */
final class AnthropicStreamSource implements ChunkSource {

    private final SseReader events;
    private final String providerId;
    private final boolean jsonOutput;
    private final String fallbackModel;
    /** Anthropic's content block index -> the tool call's index among this answer's tool calls (-1: the JSON tool). */
    private final Map<Integer, Integer> toolIndexes = new HashMap<>();
    private final ArrayDeque<ChatChunk> ready = new ArrayDeque<>(2);
    private final ObjectNode usage = Json.MAPPER.createObjectNode();
    private String id;
    private String model;
    private final long created = Instant.now().getEpochSecond();

    AnthropicStreamSource(SseReader events, String providerId, boolean jsonOutput, String fallbackModel) {
        this.events = events;
        this.providerId = providerId;
        this.jsonOutput = jsonOutput;
        this.fallbackModel = fallbackModel;
    }

    @Override
    public ChatChunk next() throws IOException {
        while (ready.isEmpty()) {
            SseReader.Event event = events.next();
            if (event == null) {
                throw StreamEvents.interrupted(providerId, "message_stop");
            }
            JsonNode data = StreamEvents.object(event, providerId);
            String type = data.path("type").asText(event.event());
            if ("message_stop".equals(type)) {
                return null;
            }
            read(type, data);
        }
        return ready.poll();
    }

    private void read(String type, JsonNode data) {
        switch (type) {
            case "message_start" -> {
                JsonNode message = data.path("message");
                id = message.path("id").asText(null);
                model = message.path("model").asText(fallbackModel);
                usage.setAll((ObjectNode) usageOf(message));
                ChatChunk opening = chunk();
                opening.delta().role = "assistant";
                opening.delta().content = "";
                ready.add(opening);
            }
            case "content_block_start" -> start(data.path("index").asInt(), data.path("content_block"));
            case "content_block_delta" -> delta(data.path("index").asInt(), data.path("delta"));
            case "message_delta" -> {
                // message_delta's usage is cumulative: it may restate input tokens, and its output_tokens are final
                usage.setAll((ObjectNode) usageOf(data));
                ChatChunk finish = chunk();
                finish.choices.get(0).finishReason = AnthropicAdapter.finishReason(
                        data.path("delta").path("stop_reason").asText("end_turn"), jsonOutput);
                ready.add(finish);
                ChatChunk counts = chunk();
                counts.choices.clear();
                counts.usage = AnthropicAdapter.usage(usage);
                ready.add(counts);
            }
            case "error" -> throw error(data.path("error"));
            default -> {
                // ping, content_block_stop and events added to the API later carry nothing to pass on
            }
        }
    }

    private void start(int block, JsonNode content) {
        if (!"tool_use".equals(content.path("type").asText())) {
            return; // text arrives in its deltas; thinking has no place in the chat shape
        }
        if (jsonOutput && AnthropicAdapter.JSON_TOOL.equals(content.path("name").asText())) {
            toolIndexes.put(block, -1);
            return;
        }
        int index = (int) toolIndexes.values().stream().filter(i -> i >= 0).count();
        toolIndexes.put(block, index);
        ToolCall call = new ToolCall(content.path("id").asText(), content.path("name").asText(), "");
        call.index = index;
        ChatChunk chunk = chunk();
        chunk.delta().toolCalls = java.util.List.of(call);
        ready.add(chunk);
    }

    private void delta(int block, JsonNode delta) {
        switch (delta.path("type").asText()) {
            case "text_delta" -> {
                ChatChunk chunk = chunk();
                chunk.delta().content = delta.path("text").asText();
                ready.add(chunk);
            }
            case "input_json_delta" -> {
                Integer index = toolIndexes.get(block);
                String fragment = delta.path("partial_json").asText();
                if (index == null || fragment.isEmpty()) {
                    return;
                }
                ChatChunk chunk = chunk();
                if (index < 0) {
                    chunk.delta().content = fragment; // structured output: the forced tool's input is the answer
                } else {
                    ToolCall call = new ToolCall(null, null, fragment);
                    call.index = index;
                    call.type = null;
                    chunk.delta().toolCalls = java.util.List.of(call);
                }
                ready.add(chunk);
            }
            default -> {
                // thinking_delta, signature_delta, citations_delta: not part of the chat shape
            }
        }
    }

    private ChatChunk chunk() {
        return ChatChunk.of(id, created, model != null ? model : fallbackModel);
    }

    private static JsonNode usageOf(JsonNode holder) {
        JsonNode usage = holder.path("usage");
        ObjectNode counts = Json.MAPPER.createObjectNode();
        usage.fields().forEachRemaining(field -> {
            if (field.getValue().isNumber()) {
                counts.set(field.getKey(), field.getValue());
            }
        });
        return counts;
    }

    /** An error event, e.g. {"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}. */
    private GatewayException error(JsonNode error) {
        String type = error.path("type").asText("api_error");
        int status = switch (type) {
            case "overloaded_error" -> 529;
            case "rate_limit_error" -> 429;
            case "invalid_request_error" -> 400;
            default -> 502;
        };
        return new GatewayException(status, type, type, null, "Provider '" + providerId
                + "' reported an error mid-stream: " + error.path("message").asText(""), providerId, null);
    }

    @Override
    public void close() {
        events.close();
    }
}
