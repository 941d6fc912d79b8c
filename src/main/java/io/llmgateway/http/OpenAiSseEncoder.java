package io.llmgateway.http;

import com.fasterxml.jackson.databind.ObjectWriter;
import io.llmgateway.chat.Json;
import io.llmgateway.error.GatewayException;
import io.llmgateway.error.OpenAiError;
import io.llmgateway.stream.ChatChunk;
import io.llmgateway.stream.ChatStream;
import io.llmgateway.stream.StreamEncoder;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** OpenAI's stream on the wire: {@code data: {chunk}} events, then {@code data: [DONE]}; a failure is {@code data: {"error":...}} and no [DONE]. */
final class OpenAiSseEncoder implements StreamEncoder {

    static final OpenAiSseEncoder INSTANCE = new OpenAiSseEncoder();

    private static final byte[] DATA = "data: ".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] END = "\n\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] DONE = "data: [DONE]\n\n".getBytes(StandardCharsets.US_ASCII);
    /** Made once: no serializer lookup per chunk. */
    private static final ObjectWriter CHUNK = Json.MAPPER.writerFor(ChatChunk.class);

    @Override
    public void chunk(ChatChunk chunk, ChatStream stream, ByteArrayOutputStream out) {
        out.writeBytes(DATA);
        // an OpenAI-kind vendor's own JSON when it is what this wire carries, else written here
        if (!chunk.writeWire(out)) {
            try {
                CHUNK.writeValue(out, chunk); // straight into the stream's buffer: no array per chunk
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot serialise a chunk", e);
            }
        }
        out.writeBytes(END);
    }

    @Override
    public void end(ChatStream stream, ByteArrayOutputStream out) {
        out.writeBytes(DONE);
    }

    @Override
    public void error(GatewayException failure, ChatStream stream, ByteArrayOutputStream out) {
        out.writeBytes(DATA);
        out.writeBytes(Json.write(OpenAiError.of(failure)));
        out.writeBytes(END);
    }
}
