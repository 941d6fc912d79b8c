package io.llmgateway.support;

import io.llmgateway.support.StreamingFake.SendBytes;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import software.amazon.eventstream.HeaderValue;
import software.amazon.eventstream.Message;

/**
 * Bedrock's ConverseStream answer as it goes over the wire: one AWS event-stream frame per event,
 * encoded by the eventstream library's own encoder (prelude, headers, payload, CRCs), with the
 * headers and JSON payloads of the ConverseStream API reference (ConverseStreamOutput). Bedrock
 * pads each payload with a "p" field that readers ignore.
 */
public final class BedrockStreamWire {

    public static final String CONTENT_TYPE = "application/vnd.amazon.eventstream";
    private static final String PAD = "\"p\":\"abcdefghijklmnopqrstuvwxyzABCDEFGH\"";

    private BedrockStreamWire() {
    }

    public static SendBytes messageStart() {
        return event("messageStart", "{\"role\":\"assistant\"," + PAD + "}");
    }

    public static SendBytes text(int block, String text) {
        return event("contentBlockDelta", "{\"contentBlockIndex\":" + block + ",\"delta\":{\"text\":\"" + text + "\"}," + PAD + "}");
    }

    public static SendBytes toolStart(int block, String id, String name) {
        return event("contentBlockStart", "{\"contentBlockIndex\":" + block + ",\"start\":{\"toolUse\":{\"toolUseId\":\""
                + id + "\",\"name\":\"" + name + "\"}}," + PAD + "}");
    }

    /** A fragment of the tool's input JSON, carried as a string. */
    public static SendBytes toolInput(int block, String fragment) {
        return event("contentBlockDelta", "{\"contentBlockIndex\":" + block + ",\"delta\":{\"toolUse\":{\"input\":\""
                + fragment.replace("\\", "\\\\").replace("\"", "\\\"") + "\"}}," + PAD + "}");
    }

    public static SendBytes blockStop(int block) {
        return event("contentBlockStop", "{\"contentBlockIndex\":" + block + "," + PAD + "}");
    }

    public static SendBytes messageStop(String stopReason) {
        return event("messageStop", "{\"stopReason\":\"" + stopReason + "\"," + PAD + "}");
    }

    public static SendBytes metadata(int input, int output) {
        return event("metadata", "{\"usage\":{\"inputTokens\":" + input + ",\"outputTokens\":" + output + ",\"totalTokens\":"
                + (input + output) + "},\"metrics\":{\"latencyMs\":412}," + PAD + "}");
    }

    /** An exception Bedrock raises inside the stream, e.g. modelStreamErrorException. */
    public static SendBytes exception(String type, String message) {
        Map<String, HeaderValue> headers = new LinkedHashMap<>();
        headers.put(":exception-type", HeaderValue.fromString(type));
        headers.put(":content-type", HeaderValue.fromString("application/json"));
        headers.put(":message-type", HeaderValue.fromString("exception"));
        return new SendBytes(encode(headers, "{\"message\":\"" + message + "\"}"));
    }

    public static SendBytes event(String type, String json) {
        Map<String, HeaderValue> headers = new LinkedHashMap<>();
        headers.put(":event-type", HeaderValue.fromString(type));
        headers.put(":content-type", HeaderValue.fromString("application/json"));
        headers.put(":message-type", HeaderValue.fromString("event"));
        return new SendBytes(encode(headers, json));
    }

    private static byte[] encode(Map<String, HeaderValue> headers, String json) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new Message(headers, json.getBytes(StandardCharsets.UTF_8)).encode(out);
        return out.toByteArray();
    }
}
