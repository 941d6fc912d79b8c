package io.llmgateway.provider.bedrock;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmgateway.chat.Json;
import io.llmgateway.chat.ToolCall;
import io.llmgateway.error.GatewayException;
import io.llmgateway.provider.Target;
import io.llmgateway.stream.ChatChunk;
import io.llmgateway.stream.ChunkSource;
import io.llmgateway.stream.StreamEvents;
import io.llmgateway.stream.UpstreamBody;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import software.amazon.eventstream.HeaderValue;
import software.amazon.eventstream.Message;

/**
 * Bedrock's ConverseStream answer read as it arrives: AWS event-stream frames (decoded, CRCs
 * checked, by the AWS SDK's eventstream library, {@link Message#decode}), one JSON event per frame named by its
 * {@code :event-type} header, turned into chat.completion.chunks: messageStart -> the role,
 * contentBlockStart (toolUse) -> a tool call's id and name, contentBlockDelta -> text or argument
 * fragments, messageStop -> the finish reason, metadata (after messageStop) -> usage.
 * An exception frame, a damaged frame, or a body that ends before messageStop ends it with an error.
 */
final class BedrockStreamSource implements ChunkSource {

    static final String CONTENT_TYPE = "application/vnd.amazon.eventstream";
    /** Prelude (12 bytes) and message CRC (4); the event-stream format's limit is 16 MiB a message. */
    private static final int MIN_FRAME = 16;
    private static final int MAX_FRAME = 16 * 1024 * 1024;

    private final UpstreamBody body;
    private final String providerId;
    private final String model;
    private final String id = "chatcmpl-bedrock-" + UUID.randomUUID();
    private final long created = Instant.now().getEpochSecond();
    private final DataInputStream in;
    /** contentBlockIndex of each toolUse block -> its tool call index (0, 1, ... as OpenAI counts them). */
    private final Map<Integer, Integer> toolCalls = new HashMap<>();
    private boolean stopped;

    BedrockStreamSource(UpstreamBody body, Target target) {
        this.body = body;
        this.in = new DataInputStream(body);
        this.providerId = target.providerId();
        this.model = target.upstreamModel();
    }

    @Override
    public ChatChunk next() throws IOException {
        for (Message frame = frame(); frame != null; frame = frame()) {
            ChatChunk chunk = translate(frame);
            if (chunk != null) {
                return chunk;
            }
        }
        if (stopped) {
            return null; // messageStop (and usually metadata) came, then the body ended: the honest end
        }
        throw StreamEvents.interrupted(providerId, "messageStop");
    }

    /**
     * The next whole frame, reading only as much of the body as it takes; null at the end of the body.
     * Only the frame's length is read here (the prelude's first 4 bytes, big-endian); decoding and
     * both CRC checks are the eventstream library's {@link Message#decode}. Its streaming
     * MessageDecoder would do the same but holds a fixed 2 MiB buffer per open stream; this holds one frame.
     */
    private Message frame() throws IOException {
        int length;
        try {
            length = in.readInt();
        } catch (EOFException e) {
            return null; // the body ended between frames, or inside a length: next() tells which end it was
        }
        if (length < MIN_FRAME || length > MAX_FRAME) {
            throw malformed(null);
        }
        ByteBuffer frame = ByteBuffer.allocate(length).putInt(length);
        if (in.readNBytes(frame.array(), 4, length - 4) < length - 4) {
            return null; // cut inside a frame
        }
        try {
            return Message.decode(frame.rewind());
        } catch (RuntimeException e) {
            // a checksum failure or an impossible header: nothing after it can be trusted
            throw malformed(e);
        }
    }

    private ChatChunk translate(Message frame) {
        Map<String, HeaderValue> headers = frame.getHeaders();
        String messageType = header(headers, ":message-type", "event");
        if (messageType.equals("exception")) {
            throw exception(header(headers, ":exception-type", "unknownException"), payload(frame).path("message").asText(null));
        }
        if (messageType.equals("error")) {
            throw exception(header(headers, ":error-code", "unknownError"), header(headers, ":error-message", null));
        }
        JsonNode event = payload(frame);
        return switch (header(headers, ":event-type", "")) {
            case "messageStart" -> {
                ChatChunk chunk = chunk();
                chunk.delta().role = event.path("role").asText("assistant");
                chunk.delta().content = "";
                yield chunk;
            }
            case "contentBlockStart" -> {
                JsonNode use = event.path("start").path("toolUse");
                if (!use.isObject()) {
                    yield null; // text and reasoning blocks have nothing to announce
                }
                int index = toolCalls.size();
                toolCalls.put(event.path("contentBlockIndex").asInt(), index);
                ToolCall call = new ToolCall(use.path("toolUseId").asText(), use.path("name").asText(), "");
                call.index = index;
                yield withCall(call);
            }
            case "contentBlockDelta" -> delta(event);
            case "messageStop" -> {
                stopped = true;
                ChatChunk chunk = chunk();
                chunk.choices.get(0).finishReason = BedrockAdapter.finishReason(event.path("stopReason").asText("end_turn"));
                yield chunk;
            }
            case "metadata" -> {
                if (!event.path("usage").isObject()) {
                    yield null;
                }
                ChatChunk chunk = chunk();
                chunk.choices.clear();
                chunk.usage = BedrockAdapter.usage(event.path("usage"));
                yield chunk;
            }
            default -> null; // contentBlockStop, and events newer than this adapter
        };
    }

    private ChatChunk delta(JsonNode event) {
        JsonNode delta = event.path("delta");
        if (delta.has("text")) {
            ChatChunk chunk = chunk();
            chunk.delta().content = delta.get("text").asText();
            return chunk;
        }
        JsonNode use = delta.path("toolUse");
        if (use.isObject()) {
            Integer index = toolCalls.get(event.path("contentBlockIndex").asInt());
            if (index == null) {
                throw malformed(null); // arguments for a tool call that never started
            }
            ToolCall part = new ToolCall();
            part.index = index;
            part.type = null;
            part.function = new ToolCall.Function(null, use.path("input").asText(""));
            return withCall(part);
        }
        return null; // reasoning and citations: the canonical (OpenAI) answer has no place for them
    }

    private ChatChunk chunk() {
        return ChatChunk.of(id, created, model);
    }

    private ChatChunk withCall(ToolCall call) {
        ChatChunk chunk = chunk();
        chunk.delta().toolCalls = List.of(call);
        return chunk;
    }

    private JsonNode payload(Message frame) {
        try {
            JsonNode tree = Json.MAPPER.readTree(frame.getPayload());
            if (tree == null || !tree.isObject()) {
                throw malformed(null);
            }
            return tree;
        } catch (IOException e) {
            throw malformed(e);
        }
    }

    private static String header(Map<String, HeaderValue> headers, String name, String otherwise) {
        HeaderValue value = headers.get(name);
        return value == null ? otherwise : value.getString();
    }

    /**
     * An exception Bedrock sent in the stream: the status its API reference gives the exception
     * (throttling 429, validation 400, ...), so one sent before any chunk fails over like any error.
     */
    private GatewayException exception(String code, String message) {
        int status = switch (code) {
            case "throttlingException" -> 429;
            case "validationException" -> 400;
            case "accessDeniedException" -> 403;
            case "resourceNotFoundException" -> 404;
            case "modelTimeoutException" -> 504;
            case "serviceUnavailableException" -> 503;
            default -> 502; // internalServerException, modelStreamErrorException (424 on the wire: "retry your request")
        };
        String type = switch (status) {
            case 429 -> "rate_limit_error";
            case 400 -> "invalid_request_error";
            case 403 -> "permission_error";
            case 404 -> "not_found_error";
            default -> "provider_error";
        };
        return new GatewayException(status, type, code, null, "Provider '" + providerId + "' reported " + code + " in its stream"
                + (message == null || message.isBlank() ? "" : ": " + message), providerId, null);
    }

    private GatewayException malformed(Exception cause) {
        return new GatewayException(502, "provider_error", "invalid_provider_response", null,
                "Provider '" + providerId + "' sent a malformed event-stream frame", providerId, cause);
    }

    @Override
    public void close() {
        body.abort();
    }
}
