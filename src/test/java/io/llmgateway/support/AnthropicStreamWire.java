package io.llmgateway.support;

import io.llmgateway.support.StreamingFake.Send;

/**
 * Anthropic's Messages event stream as the API reference shows it ("Streaming Messages"): named
 * SSE events whose data repeats the event name as {@code type}.
 */
public final class AnthropicStreamWire {

    private AnthropicStreamWire() {
    }

    public static Send event(String name, String json) {
        return new Send("event: " + name + "\ndata: " + json + "\n\n");
    }

    public static Send messageStart(String model, int inputTokens, int cacheRead) {
        return event("message_start", "{\"type\":\"message_start\",\"message\":{\"id\":\"msg_01XFDUDYJgAACzvnptvVoYEL\","
                + "\"type\":\"message\",\"role\":\"assistant\",\"content\":[],\"model\":\"" + model + "\",\"stop_reason\":null,"
                + "\"stop_sequence\":null,\"usage\":{\"input_tokens\":" + inputTokens + ",\"cache_creation_input_tokens\":0,"
                + "\"cache_read_input_tokens\":" + cacheRead + ",\"output_tokens\":1}}}");
    }

    public static Send textStart(int index) {
        return event("content_block_start", "{\"type\":\"content_block_start\",\"index\":" + index
                + ",\"content_block\":{\"type\":\"text\",\"text\":\"\"}}");
    }

    public static Send text(int index, String text) {
        return event("content_block_delta", "{\"type\":\"content_block_delta\",\"index\":" + index
                + ",\"delta\":{\"type\":\"text_delta\",\"text\":\"" + text + "\"}}");
    }

    public static Send toolStart(int index, String id, String name) {
        return event("content_block_start", "{\"type\":\"content_block_start\",\"index\":" + index
                + ",\"content_block\":{\"type\":\"tool_use\",\"id\":\"" + id + "\",\"name\":\"" + name + "\",\"input\":{}}}");
    }

    public static Send inputJson(int index, String fragment) {
        return event("content_block_delta", "{\"type\":\"content_block_delta\",\"index\":" + index
                + ",\"delta\":{\"type\":\"input_json_delta\",\"partial_json\":\"" + fragment.replace("\"", "\\\"") + "\"}}");
    }

    public static Send blockStop(int index) {
        return event("content_block_stop", "{\"type\":\"content_block_stop\",\"index\":" + index + "}");
    }

    public static Send ping() {
        return event("ping", "{\"type\": \"ping\"}");
    }

    public static Send messageDelta(String stopReason, int outputTokens) {
        return event("message_delta", "{\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"" + stopReason
                + "\",\"stop_sequence\":null},\"usage\":{\"output_tokens\":" + outputTokens + "}}");
    }

    public static Send messageStop() {
        return event("message_stop", "{\"type\":\"message_stop\"}");
    }

    public static Send error(String type, String message) {
        return event("error", "{\"type\":\"error\",\"error\":{\"type\":\"" + type + "\",\"message\":\"" + message + "\"}}");
    }
}
