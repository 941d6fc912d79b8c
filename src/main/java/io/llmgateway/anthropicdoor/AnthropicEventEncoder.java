package io.llmgateway.anthropicdoor;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmgateway.chat.Json;
import io.llmgateway.chat.ToolCall;
import io.llmgateway.error.GatewayException;
import io.llmgateway.stream.ChatChunk;
import io.llmgateway.stream.ChatStream;
import io.llmgateway.stream.StreamEncoder;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Canonical chunks -> Anthropic's Messages event stream: message_start, ping, then per content
 * block content_block_start / content_block_delta (text_delta, input_json_delta) /
 * content_block_stop, then message_delta (stop_reason, output tokens) and message_stop. A failure
 * is an {@code event: error}, never a message_stop. One encoder per stream: it keeps block state.
 */
final class AnthropicEventEncoder implements StreamEncoder {

    private final String model;
    private final int inputTokens;
    private boolean started;
    private int blocks;
    /** The open content block: "text", "tool_use" or null. */
    private String open;
    private int openToolIndex = -1;
    private String stopReason;

    AnthropicEventEncoder(String model, int inputTokens) {
        this.model = model;
        this.inputTokens = inputTokens;
    }

    @Override
    public void chunk(ChatChunk chunk, ChatStream stream, ByteArrayOutputStream out) {
        if (!started) {
            started = true;
            ObjectNode message = Json.MAPPER.createObjectNode();
            message.put("id", AnthropicHttp.messageId(chunk.id)).put("type", "message").put("role", "assistant")
                    .put("model", model != null ? model : chunk.model);
            message.putArray("content");
            message.putNull("stop_reason");
            message.putNull("stop_sequence");
            message.putObject("usage").put("input_tokens", inputTokens).put("output_tokens", 0);
            ObjectNode start = event("message_start");
            start.set("message", message);
            write(out, start);
            write(out, event("ping"));
        }
        ChatChunk.Delta delta = chunk.delta();
        if (delta != null) {
            if (delta.content != null && !delta.content.isEmpty()) {
                if (!"text".equals(open)) {
                    closeBlock(out);
                    ObjectNode begin = event("content_block_start").put("index", blocks);
                    begin.putObject("content_block").put("type", "text").put("text", "");
                    write(out, begin);
                    open = "text";
                }
                ObjectNode text = event("content_block_delta").put("index", blocks);
                text.putObject("delta").put("type", "text_delta").put("text", delta.content);
                write(out, text);
            }
            if (delta.toolCalls != null) {
                for (ToolCall call : delta.toolCalls) {
                    int index = call.index == null ? 0 : call.index;
                    if (!"tool_use".equals(open) || index != openToolIndex) {
                        closeBlock(out);
                        ObjectNode begin = event("content_block_start").put("index", blocks);
                        begin.putObject("content_block").put("type", "tool_use").put("id", call.id)
                                .put("name", call.function == null ? null : call.function.name).putObject("input");
                        write(out, begin);
                        open = "tool_use";
                        openToolIndex = index;
                    }
                    String fragment = call.function == null ? null : call.function.arguments;
                    if (fragment != null && !fragment.isEmpty()) {
                        ObjectNode json = event("content_block_delta").put("index", blocks);
                        json.putObject("delta").put("type", "input_json_delta").put("partial_json", fragment);
                        write(out, json);
                    }
                }
            }
        }
        if (chunk.finishReason() != null) {
            stopReason = AnthropicHttp.stopReason(chunk.finishReason());
        }
    }

    @Override
    public void end(ChatStream stream, ByteArrayOutputStream out) {
        closeBlock(out);
        ObjectNode delta = event("message_delta");
        delta.putObject("delta").put("stop_reason", stopReason == null ? "end_turn" : stopReason).putNull("stop_sequence");
        ObjectNode usage = delta.putObject("usage");
        usage.put("output_tokens", stream.usage() == null ? 0 : stream.usage().completionTokens);
        if (stream.usage() != null) {
            usage.put("input_tokens", stream.usage().promptTokens);
        }
        write(out, delta);
        write(out, event("message_stop"));
    }

    @Override
    public void error(GatewayException failure, ChatStream stream, ByteArrayOutputStream out) {
        write(out, (ObjectNode) AnthropicHttp.errorBody(failure));
    }

    private void closeBlock(ByteArrayOutputStream out) {
        if (open != null) {
            write(out, event("content_block_stop").put("index", blocks));
            blocks++;
            open = null;
            openToolIndex = -1;
        }
    }

    private static ObjectNode event(String type) {
        return Json.MAPPER.createObjectNode().put("type", type);
    }

    private static void write(ByteArrayOutputStream out, ObjectNode event) {
        out.writeBytes(("event: " + event.path("type").asText() + "\ndata: ").getBytes(StandardCharsets.UTF_8));
        out.writeBytes(Json.write(event));
        out.writeBytes("\n\n".getBytes(StandardCharsets.UTF_8));
    }
}
