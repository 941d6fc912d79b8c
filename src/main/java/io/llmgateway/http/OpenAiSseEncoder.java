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

    /** The event written in one buffer: the JSON is not copied into a second array with its frame. */
    @Override
    public byte[] chunk(ChatChunk chunk, ChatStream stream) {
        ByteArrayOutputStream event = new ByteArrayOutputStream(512);
        event.writeBytes(DATA);
        try {
            CHUNK.writeValue(event, chunk);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot serialise a chunk", e);
        }
        event.writeBytes(END);
        return event.toByteArray();
    }

    @Override
    public byte[] end(ChatStream stream) {
        return DONE;
    }

    @Override
    public byte[] error(GatewayException failure, ChatStream stream) {
        return event(Json.write(OpenAiError.of(failure)));
    }

    static byte[] event(byte[] json) {
        byte[] event = new byte[DATA.length + json.length + END.length];
        System.arraycopy(DATA, 0, event, 0, DATA.length);
        System.arraycopy(json, 0, event, DATA.length, json.length);
        System.arraycopy(END, 0, event, DATA.length + json.length, END.length);
        return event;
    }
}
