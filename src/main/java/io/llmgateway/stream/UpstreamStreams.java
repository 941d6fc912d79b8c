package io.llmgateway.stream;

import java.util.List;
import java.util.function.Supplier;
import org.apache.camel.Exchange;
import org.apache.camel.spi.Synchronization;
import org.apache.camel.support.DefaultExchange;

/** The step every streaming adapter ends with: open the vendor's stream and keep its connection past the route. */
public final class UpstreamStreams {

    private UpstreamStreams() {
    }

    /**
     * Opens (and primes) the stream, then keeps the upstream connection alive until the stream
     * ends. The provider guard's circuit breaker runs the provider route on a copy of the exchange,
     * and camel-http closes the live response when that copy completes, long before the caller has
     * read the stream. So camel-http's completion is taken off the copy and run when the stream
     * itself ends (after the door read it, or cancelled it).
     */
    public static ChatStream open(Exchange exchange, Supplier<ChatStream> opener) {
        try {
            ChatStream stream = opener.get();
            Exchange holder = new DefaultExchange(exchange.getContext());
            exchange.getExchangeExtension().handoverCompletions(holder);
            List<Synchronization> completions = holder.getExchangeExtension().handoverCompletions();
            if (completions != null && !completions.isEmpty()) {
                stream.onFinish(finished -> completions.forEach(sync -> sync.onComplete(exchange)));
            }
            return stream;
        } catch (RuntimeException e) {
            // the spent upstream body must not travel on with the error (error handlers would try to re-read it)
            exchange.getIn().setBody(null);
            throw e;
        }
    }

    /** Whether the vendor answered a stream request with one whole JSON answer instead (some servers ignore "stream"). */
    public static boolean answeredWhole(Exchange exchange) {
        return exchange.getIn().getHeader(Exchange.CONTENT_TYPE, "", String.class).startsWith("application/json");
    }
}
