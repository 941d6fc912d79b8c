package io.llmgateway.stream;

import java.io.Closeable;
import java.io.IOException;
import java.io.Reader;

/**
 * Reads lines (ending LF, CRLF or CR) like BufferedReader.readLine, but never holds more than
 * {@code maxChars} of one: a longer line is skipped to its end and reported as {@link LineTooLong},
 * after which reading goes on with the next line. For text whose line length a peer controls
 * (a vendor's NDJSON stream, an uploaded batch file).
 */
public final class BoundedLineReader implements Closeable {

    /** The line just skipped was longer than the limit; the reader stands at the next line. */
    public static final class LineTooLong extends IOException {
        private final long limit;

        LineTooLong(long limit) {
            super("line longer than " + limit + " characters", null);
            this.limit = limit;
        }

        public long limit() {
            return limit;
        }
    }

    private final Reader in;
    private final long maxChars;
    private final char[] buffer = new char[8192];
    private final StringBuilder line = new StringBuilder();
    private int pos;
    private int end;
    /** The last line ended with CR: a LF first thing next belongs to that line end. */
    private boolean skipLf;

    public BoundedLineReader(Reader in, long maxChars) {
        this.in = in;
        this.maxChars = maxChars;
    }

    /** The next line without its end, or null at the end of the text. */
    public String readLine() throws IOException {
        line.setLength(0);
        long length = 0;
        boolean started = false;
        while (true) {
            if (pos == end) {
                int n = in.read(buffer, 0, buffer.length);
                if (n < 0) {
                    if (!started) {
                        return null;
                    }
                    break;
                }
                pos = 0;
                end = n;
                continue;
            }
            if (skipLf) {
                skipLf = false;
                if (buffer[pos] == '\n') {
                    pos++;
                    continue;
                }
            }
            started = true;
            int from = pos;
            while (pos < end && buffer[pos] != '\n' && buffer[pos] != '\r') {
                pos++;
            }
            length += pos - from;
            if (length <= maxChars) {
                line.append(buffer, from, pos - from);
            }
            if (pos < end) {
                skipLf = buffer[pos] == '\r';
                pos++;
                break;
            }
        }
        if (length > maxChars) {
            line.setLength(0);
            throw new LineTooLong(maxChars);
        }
        return line.toString();
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
