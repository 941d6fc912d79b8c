package io.llmgateway.stream;

import java.io.InputStream;

/**
 * The response body a door hands to platform-http: an InputStream that produces the next event
 * only when the servlet writer asks for more. platform-http's binding copies an InputStream body
 * in chunked mode and flushes after every read, so each event reaches the client as soon as the
 * vendor sent it. Closing it cancels the upstream call.
 */
public final class EncodedStreamBody extends InputStream {

    private static final byte[] NONE = new byte[0];

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

    /** One event's bytes: blocks until the vendor sends the next chunk. */
    private void fill() {
        ChatChunk chunk = stream.next();
        position = 0;
        if (chunk != null) {
            pending = encoder.chunk(chunk, stream);
        } else if (stream.failure() != null) {
            pending = encoder.error(stream.failure(), stream);
            ended = true;
        } else {
            pending = encoder.end(stream);
            ended = true;
        }
    }

    @Override
    public void close() {
        stream.close();
    }
}
