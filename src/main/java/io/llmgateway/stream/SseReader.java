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
 * <p>It works on the body's bytes and hands the data field on where it lies in its read buffer,
 * as UTF-8 for the JSON parser: no decoding to characters, no line Strings, no copy per event
 * (JFR: the char-based reader made a quarter of the bytes a stream allocated).
 */
public final class SseReader implements AutoCloseable {

    /**
     * One dispatched event; {@code event} is "message" when the stream named none. The data field is
     * {@code length} UTF-8 bytes of {@code array} from {@code offset}: the reader's own buffer, valid
     * only until its next {@link #next()} call, so read it at once.
     */
    public record Event(String event, byte[] array, int offset, int length) {

        /** The data field as text. */
        public String data() {
            return new String(array, offset, length, StandardCharsets.UTF_8);
        }
    }

    private static final byte[] DATA = {'d', 'a', 't', 'a'};
    private static final byte[] EVENT = {'e', 'v', 'e', 'n', 't'};

    private final UpstreamBody body;
    /** Longest event (a line, or the data lines joined) the reader holds; a peer cannot make it buffer more. */
    private final int maxEventBytes;
    private byte[] buffer = new byte[8192];
    /** Unread bytes are buffer[start, end). */
    private int start;
    private int end;
    /** The last line ended with CR at the end of what had arrived: a LF first thing next is part of that line end. */
    private boolean skipLf;

    /** The event being read has a data field: one line still in the buffer at dataOffset, or several joined in joined. */
    private boolean hasData;
    private boolean dataInBuffer;
    private int dataOffset;
    private int dataLength;
    private byte[] joined = new byte[0];

    public SseReader(UpstreamBody body, long maxEventBytes) {
        this.body = body;
        this.maxEventBytes = (int) Math.min(Integer.MAX_VALUE - 16, Math.max(1, maxEventBytes));
    }

    /** The next event, or null at the end of the body (an unterminated last event is dropped, as the standard says). */
    public Event next() throws IOException {
        String event = null;
        hasData = false;
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
                    hasData = false;
                    String name = event == null ? "message" : event;
                    return dataInBuffer ? new Event(name, buffer, dataOffset, dataLength) : new Event(name, joined, 0, dataLength);
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
                data(value, lineEnd);
            } else if (named(EVENT, from, nameEnd)) {
                event = new String(buffer, value, lineEnd - value, StandardCharsets.UTF_8);
            }
            // id, retry and unknown fields mean nothing to a one-shot completion stream
        }
        return null;
    }

    /** A data line: the first stays where it is in the buffer; a second one joins both, with a newline, in joined. */
    private void data(int from, int to) throws StreamEventTooLarge {
        if (!hasData) {
            hasData = true;
            dataInBuffer = true;
            dataOffset = from;
            dataLength = to - from;
            return;
        }
        if (dataInBuffer) {
            dataInBuffer = false;
            joined = ensure(joined, dataLength);
            System.arraycopy(buffer, dataOffset, joined, 0, dataLength);
        }
        if ((long) dataLength + 1 + to - from > maxEventBytes) {
            throw new StreamEventTooLarge(maxEventBytes);
        }
        joined = ensure(joined, dataLength + 1 + to - from);
        joined[dataLength++] = '\n';
        System.arraycopy(buffer, from, joined, dataLength, to - from);
        dataLength += to - from;
    }

    private static byte[] ensure(byte[] array, int size) {
        return size <= array.length ? array : Arrays.copyOf(array, Math.max(size, Math.max(256, array.length * 2)));
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
            scanned = end;
            int moved = fill();
            if (moved < 0) {
                return -1;
            }
            scanned -= moved;
        }
    }

    /**
     * Reads what has arrived after the buffered bytes, first moving what is still needed (the unread
     * bytes, and the event's data line if it is still in the buffer) to the front. Returns how far
     * the bytes moved, or -1 at the end of the body.
     */
    private int fill() throws IOException {
        int keep = hasData && dataInBuffer ? Math.min(dataOffset, start) : start;
        if (keep > 0) {
            System.arraycopy(buffer, keep, buffer, 0, end - keep);
            end -= keep;
            start -= keep;
            dataOffset -= keep;
        }
        if (end == buffer.length) {
            // a line longer than the buffer: what is kept is one event's line (and its first data line)
            if (end >= maxEventBytes) {
                throw new StreamEventTooLarge(maxEventBytes);
            }
            buffer = Arrays.copyOf(buffer, (int) Math.min((long) buffer.length * 2, maxEventBytes + 1L));
        }
        int n = body.read(buffer, end, buffer.length - end);
        if (n < 0) {
            return -1;
        }
        end += n;
        return keep;
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

    @Override
    public void close() {
        body.abort();
    }
}
