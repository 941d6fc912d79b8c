package io.llmgateway.chat;

import io.llmgateway.chat.ChatRequest;
import io.llmgateway.core.ExchangeProperties;
import org.apache.camel.Exchange;

/** What the caller asked about streaming, read once at the door and carried as an exchange property. */
public final class StreamRequests {

    /**
     * true when the provider call itself streams; provider templates choose their streaming branch on
     * it. Usually the caller's wish; false when the gateway must read answers whole (its tool loop).
     */

    /**
     * Set (true) by the doors that can write a stream (HTTP, Anthropic, WebSocket). Elsewhere (Kafka,
     * batch files) "stream": true is ignored and the answer comes whole, as those doors need it.
     */

    private StreamRequests() {
    }

    public static boolean requested(Exchange exchange) {
        return Boolean.TRUE.equals(exchange.getProperty(ExchangeProperties.STREAM, Boolean.class));
    }

    /** Whether this provider call streams (see {@link #UPSTREAM}). */
    public static boolean upstream(Exchange exchange) {
        return Boolean.TRUE.equals(exchange.getProperty(ExchangeProperties.STREAM_UPSTREAM, Boolean.class));
    }

    /** Notes on the exchange what the caller asked; the door parser calls this once. */
    public static void note(Exchange exchange, ChatRequest request) {
        boolean stream = request.isStream() && Boolean.TRUE.equals(exchange.getProperty(ExchangeProperties.DOOR_STREAMS, Boolean.class));
        exchange.setProperty(ExchangeProperties.STREAM, stream);
        exchange.setProperty(ExchangeProperties.STREAM_UPSTREAM, stream);
        exchange.setProperty(ExchangeProperties.STREAM_INCLUDE_USAGE, includeUsage(request));
    }

    /** stream_options.include_usage: the caller wants the final usage chunk. */
    public static boolean includeUsage(ChatRequest request) {
        return request != null && request.streamOptions != null
                && request.streamOptions.path("include_usage").asBoolean(false);
    }
}
