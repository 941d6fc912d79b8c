package io.llmgateway.stream;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Reads Server-Sent Events from a vendor's response body as the HTML standard's event-stream
 * parsing defines it: {@code event:} and {@code data:} fields (several data lines join with a
 * newline), comments and unknown fields ignored, an empty line dispatches; lines end with CRLF,
 * LF or CR. Reads no further than the event it returns, so each event is handed on the moment
 * its blank line arrives.
 *
 * <p>It works on the body's bytes: the data field stays UTF-8 for the JSON parser, instead of
 * being decoded to characters, cut into line Strings and joined again for every event (JFR: a
 * quarter of the bytes a stream allocated).
 */
public final class SseReader implements AutoCloseable {

    /** One dispatched event; {@code event} is "message" when the stream named none; {@code bytes} is the data field as UTF-8. */
    public record Event(String event, byte[] bytes) {

        /** The data field as text. */
        public String data() {
            return new String(bytes, StandardCharsets.UTF_8);
        }
    }

    private static final byte[] NONE = new byte[0];
    private static final byte[] DATA = {'d', 'a', 't', 'a'};
    private static final byte[] EVENT = {'e', 'v', 'e', 'n', 't'};

    private final UpstreamBody body;
    private byte[] buffer = new byte[8192];
    /** Unread bytes are buffer[start, end). */
    private int start;
    private int end;
    /** The last line ended with CR at the end of what had arrived: a LF first thing next is part of that line end. */
    private boolean skipLf;
    private byte[] data = NONE;
    private int dataLength;

    public SseReader(UpstreamBody body) {
        this.body = body;
    }

    /** The next event, or null at the end of the body (an unterminated last event is dropped, as the standard says). */
    public Event next() throws IOException {
        String event = null;
        boolean hasData = false;
        dataLength = 0;
        int lineEnd;
        while ((lineEnd = nextLineEnd()) >= 0) {
            int from = start;
            start = lineEnd + 1;
            if (buffer[lineEnd] == '\r') {
                if (start < end) {
                    if (buffer[start] == '\n') {
                        start++;
                    }
                } else {
                    skipLf = true;
                }
            }
            if (from == lineEnd) {
                if (hasData) {
                    return new Event(event == null ? "message" : event, Arrays.copyOf(data, dataLength));
                }
                event = null;
                continue;
            }
            if (buffer[from] == ':') {
                continue; // comment, often a keep-alive
            }
            int colon = indexOf(':', from, lineEnd);
            int nameEnd = colon < 0 ? lineEnd : colon;
            int value = colon < 0 ? lineEnd : colon + 1;
            if (value < lineEnd && buffer[value] == ' ') {
                value++;
            }
            if (named(DATA, from, nameEnd)) {
                if (hasData) {
                    appendData(new byte[] {'\n'}, 0, 1);
                }
                appendData(buffer, value, lineEnd - value);
                hasData = true;
            } else if (named(EVENT, from, nameEnd)) {
                event = new String(buffer, value, lineEnd - value, StandardCharsets.UTF_8);
            }
            // id, retry and unknown fields mean nothing to a one-shot completion stream
        }
        return null;
    }

    /** Index of the CR or LF that ends the next line, reading more of the body as needed; -1 at the end of the body. */
    private int nextLineEnd() throws IOException {
        int scanned = start;
        while (true) {
            if (skipLf && start < end) {
                skipLf = false;
                if (buffer[start] == '\n') {
                    start++;
                }
                scanned = Math.max(scanned, start);
            }
            for (int i = scanned; i < end; i++) {
                byte b = buffer[i];
                if (b == '\n' || b == '\r') {
                    return i;
                }
            }
            scanned = end - start;
            if (!fill()) {
                return -1;
            }
        }
    }

    /** Reads what has arrived after the unread bytes (moved to the front first); false at the end of the body. */
    private boolean fill() throws IOException {
        if (start > 0) {
            System.arraycopy(buffer, start, buffer, 0, end - start);
            end -= start;
            start = 0;
        }
        if (end == buffer.length) {
            buffer = Arrays.copyOf(buffer, buffer.length * 2); // a line longer than the buffer
        }
        int n = body.read(buffer, end, buffer.length - end);
        if (n < 0) {
            return false;
        }
        end += n;
        return true;
    }

    private int indexOf(char c, int from, int to) {
        for (int i = from; i < to; i++) {
            if (buffer[i] == c) {
                return i;
            }
        }
        return -1;
    }

    private boolean named(byte[] name, int from, int to) {
        return to - from == name.length && Arrays.equals(buffer, from, to, name, 0, name.length);
    }

    private void appendData(byte[] source, int from, int length) {
        if (dataLength + length > data.length) {
            data = Arrays.copyOf(data, Math.max(dataLength + length, Math.max(256, data.length * 2)));
        }
        System.arraycopy(source, from, data, dataLength, length);
        dataLength += length;
    }

    @Override
    public void close() {
        body.abort();
    }
}
