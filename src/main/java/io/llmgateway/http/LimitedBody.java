package io.llmgateway.http;

import io.llmgateway.chat.RequestBodies;
import io.llmgateway.error.GatewayException;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.zip.GZIPInputStream;
import java.util.zip.InflaterInputStream;
import java.util.zip.ZipException;

/**
 * A request body that counts what it hands out (after inflating, for a compressed body; the wire
 * bytes count too) and fails at the first byte past the limit. On that failure it first writes the
 * refusal to the caller, since whoever reads the body (Camel's binding) turns any read error into
 * a 500; the answer is committed by then, so that 500 is never sent.
 */
final class LimitedBody extends ServletInputStream {

    enum Coding { IDENTITY, GZIP, DEFLATE }

    /** Writes the refusal to the caller. */
    interface Refusal {
        void answer(GatewayException error) throws IOException;
    }

    /** The read failure after a refusal was answered; whoever catches it has nothing more to say. */
    static final class Refused extends IOException {
        Refused(GatewayException error) {
            super(error.getMessage(), null);
        }
    }

    private final ServletInputStream wire;
    private final Coding coding;
    private final long maxBytes;
    private final Refusal refusal;
    /** The bytes handed out: the counted wire, inflated if coded. Opened on first read (a gzip header is read then). */
    private InputStream in;
    private long count;
    private boolean refused;
    private final byte[] one = new byte[1];

    LimitedBody(ServletInputStream wire, Coding coding, long maxBytes, Refusal refusal) {
        this.wire = wire;
        this.coding = coding;
        this.maxBytes = maxBytes;
        this.refusal = refusal;
    }

    @Override
    public int read() throws IOException {
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (refused) {
            throw new Refused(RequestBodies.tooLarge(maxBytes));
        }
        int n;
        try {
            n = open().read(b, off, len);
        } catch (Refused e) {
            throw e;
        } catch (ZipException | java.io.EOFException e) {
            if (coding == Coding.IDENTITY) {
                throw e;
            }
            throw refuse(GatewayException.invalidRequest(null, "invalid_body",
                    "The request body is not valid " + coding.name().toLowerCase(java.util.Locale.ROOT) + " data."));
        }
        if (n > 0) {
            count += n;
            if (count > maxBytes) {
                throw refuse(RequestBodies.tooLarge(maxBytes));
            }
        }
        return n;
    }

    private InputStream open() throws IOException {
        if (in == null) {
            InputStream counted = new WireLimit(wire);
            in = switch (coding) {
                case IDENTITY -> wire;
                case GZIP -> new GZIPInputStream(counted, 8192);
                case DEFLATE -> new InflaterInputStream(counted);
            };
        }
        return in;
    }

    private Refused refuse(GatewayException error) throws IOException {
        refused = true;
        refusal.answer(error);
        return new Refused(error);
    }

    @Override
    public int available() throws IOException {
        return refused ? 0 : coding == Coding.IDENTITY ? wire.available() : (isFinished() ? 0 : 1);
    }

    @Override
    public boolean isFinished() {
        return refused || wire.isFinished();
    }

    @Override
    public boolean isReady() {
        return wire.isReady();
    }

    @Override
    public void setReadListener(ReadListener listener) {
        wire.setReadListener(listener);
    }

    /** The compressed bytes on the wire count against the limit as well (endless empty gzip members). */
    private final class WireLimit extends FilterInputStream {
        private long wireCount;

        WireLimit(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0 && ++wireCount > maxBytes) {
                throw refuse(RequestBodies.tooLarge(maxBytes));
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0 && (wireCount += n) > maxBytes) {
                throw refuse(RequestBodies.tooLarge(maxBytes));
            }
            return n;
        }
    }
}
