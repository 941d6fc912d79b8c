package io.llmgateway.stream;

import io.llmgateway.error.GatewayException;

/** How one door writes a {@link ChatStream} on its wire: OpenAI SSE, Anthropic's event stream, ... */
public interface StreamEncoder {

    /** Bytes for one canonical chunk (may be empty when the chunk means nothing on this wire). */
    byte[] chunk(ChatChunk chunk, ChatStream stream);

    /** Bytes after the clean end. */
    byte[] end(ChatStream stream);

    /** Bytes that end the stream after a failure: never a clean-looking end. */
    byte[] error(GatewayException failure, ChatStream stream);
}
