package io.llmgateway.stream;

import io.llmgateway.error.GatewayException;
import java.io.ByteArrayOutputStream;

/**
 * How one door writes a {@link ChatStream} on its wire: OpenAI SSE, Anthropic's event stream, ...
 * Each method appends its bytes to {@code out}, a buffer the stream's body reuses for every event.
 */
public interface StreamEncoder {

    /** Bytes for one canonical chunk (none when the chunk means nothing on this wire). */
    void chunk(ChatChunk chunk, ChatStream stream, ByteArrayOutputStream out);

    /** Bytes after the clean end. */
    void end(ChatStream stream, ByteArrayOutputStream out);

    /** Bytes that end the stream after a failure: never a clean-looking end. */
    void error(GatewayException failure, ChatStream stream, ByteArrayOutputStream out);
}
