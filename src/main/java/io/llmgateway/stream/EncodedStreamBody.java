package io.llmgateway.stream;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;

/**
 * The response body a door hands to platform-http: an InputStream that produces the next event
 * only when the servlet writer asks for more. platform-http's binding copies an InputStream body
 * in chunked mode and flushes after every read, so each event reaches the client as soon as the
 * vendor sent it. Closing it cancels the upstream call.
 */
public final class EncodedStreamBody extends InputStream {

    private final ChatStream stream;
    private final StreamEncoder encoder;
    /** The current event's bytes; one buffer for the whole stream, so an event costs no array of its own. */
    private final EventBytes pending = new EventBytes();
    private int position;
    private boolean ended;

    public EncodedStreamBody(ChatStream stream, StreamEncoder encoder) {
        this.stream = stream;
        this.encoder = encoder;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) {
        if (length == 0) {
            return 0;
        }
        while (position >= pending.size()) {
            if (ended) {
                return -1;
            }
            fill();
        }
        int n = Math.min(length, pending.size() - position);
        System.arraycopy(pending.array(), position, buffer, offset, n);
        position += n;
        return n;
    }

    @Override
    public int read() {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    /** One event's bytes: blocks until the vendor sends the next chunk. */
    private void fill() {
        ChatChunk chunk = stream.next();
        position = 0;
        pending.reset();
        if (chunk != null) {
            encoder.chunk(chunk, stream, pending);
        } else if (stream.failure() != null) {
            encoder.error(stream.failure(), stream, pending);
            ended = true;
        } else {
            encoder.end(stream, pending);
            ended = true;
        }
    }

    @Override
    public void close() {
        stream.close();
    }

    /** A byte buffer whose bytes can be read where they are. */
    private static final class EventBytes extends ByteArrayOutputStream {
        EventBytes() {
            super(512);
        }

        byte[] array() {
            return buf;
        }
    }
}
