package io.llmgateway.stream;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;

/**
 * Reads Server-Sent Events from a vendor's response body as the HTML standard's event-stream
 * parsing defines it: {@code event:} and {@code data:} fields (several data lines join with a
 * newline), comments and unknown fields ignored, an empty line dispatches. Reads no further
 * than the event it returns, so each event is handed on the moment its blank line arrives.
 */
public final class SseReader implements AutoCloseable {

    /** One dispatched event; {@code event} is "message" when the stream named none. */
    public record Event(String event, String data) {
    }

    private final BufferedReader reader;
    private final UpstreamBody body;

    public SseReader(UpstreamBody body) {
        this.body = body;
        this.reader = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8));
    }

    /** The next event, or null at the end of the body (an unterminated last event is dropped, as the standard says). */
    public Event next() throws IOException {
        String event = null;
        StringBuilder data = null;
        String line;
        while ((line = reader.readLine()) != null) {
            if (line.isEmpty()) {
                if (data != null) {
                    return new Event(event == null ? "message" : event, data.toString());
                }
                event = null;
                continue;
            }
            if (line.charAt(0) == ':') {
                continue; // comment, often a keep-alive
            }
            int colon = line.indexOf(':');
            String field = colon < 0 ? line : line.substring(0, colon);
            String value = colon < 0 ? "" : line.substring(colon + 1);
            if (value.startsWith(" ")) {
                value = value.substring(1);
            }
            switch (field) {
                case "event" -> event = value;
                case "data" -> {
                    if (data == null) {
                        data = new StringBuilder(value);
                    } else {
                        data.append('\n').append(value);
                    }
                }
                default -> {
                    // id, retry and unknown fields mean nothing to a one-shot completion stream
                }
            }
        }
        return null;
    }

    @Override
    public void close() {
        body.abort();
    }
}
