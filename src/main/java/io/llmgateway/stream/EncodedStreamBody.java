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

    private static final byte[] NONE = new byte[0];
    /** Most bytes written in one go when events pile up. */
    private static final int BATCH = 8192;

    private final ChatStream stream;
    private final StreamEncoder encoder;
    private byte[] pending = NONE;
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
        while (position >= pending.length) {
            if (ended) {
                return -1;
            }
            fill();
        }
        int n = Math.min(length, pending.length - position);
        System.arraycopy(pending, position, buffer, offset, n);
        position += n;
        return n;
    }

    @Override
    public int read() {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    /**
     * The next event's bytes, blocking until the vendor sends it; and with it every further event
     * that has already arrived (up to a batch size), so a busy stream is written in fewer, larger
     * pieces while a quiet one still goes out event by event.
     */
    private void fill() {
        position = 0;
        pending = encodeNext();
        if (ended || !stream.ready()) {
            return;
        }
        ByteArrayOutputStream batch = new ByteArrayOutputStream(BATCH);
        batch.writeBytes(pending);
        while (!ended && batch.size() < BATCH && stream.ready()) {
            batch.writeBytes(encodeNext());
        }
        pending = batch.toByteArray();
    }

    private byte[] encodeNext() {
        ChatChunk chunk = stream.next();
        if (chunk != null) {
            return encoder.chunk(chunk, stream);
        }
        ended = true;
        return stream.failure() != null ? encoder.error(stream.failure(), stream) : encoder.end(stream);
    }

    @Override
    public void close() {
        stream.close();
    }
}
