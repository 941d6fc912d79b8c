package io.llmgateway.stream;

import java.io.IOException;

/** A vendor's stream event (or NDJSON line) longer than the provider's max-event-size: the stream ends with an error. */
public final class StreamEventTooLarge extends IOException {

    private final long limit;

    public StreamEventTooLarge(long limit) {
        super("stream event over " + limit + " bytes", null);
        this.limit = limit;
    }

    public long limit() {
        return limit;
    }
}
