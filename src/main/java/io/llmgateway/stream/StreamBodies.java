package io.llmgateway.stream;

import io.llmgateway.chat.ChatResponse;
import io.llmgateway.core.ExchangeProperties;
import io.llmgateway.error.GatewayException;
import io.llmgateway.metrics.GatewayMetrics;
import org.apache.camel.Exchange;
import org.apache.camel.Ordered;
import org.apache.camel.support.SynchronizationAdapter;
import org.springframework.stereotype.Component;

/**
 * What every door does with a streaming answer before writing it: take the pipeline's ChatStream
 * (or tell a whole answer, from the cache or a kind that does not stream, as chunks), and tie the
 * stream's life to the exchange. When the exchange ends, normally or because the client went away
 * and the write failed, the stream is closed and the upstream connection dropped.
 */
@Component("streamBodies")
public class StreamBodies {

    private final StreamMetrics metrics;
    private final GatewayMetrics gatewayMetrics;

    public StreamBodies(StreamMetrics metrics, GatewayMetrics gatewayMetrics) {
        this.metrics = metrics;
        this.gatewayMetrics = gatewayMetrics;
    }

    /** The exchange's answer as a ChatStream that is cancelled when the exchange completes. */
    public ChatStream of(Exchange exchange) {
        Object body = exchange.getIn().getBody();
        ChatStream stream;
        if (body instanceof ChatStream live) {
            stream = live;
        } else if (body instanceof ChatResponse whole) {
            stream = new ChatStream(new ReplaySource(whole), exchange.getProperty(ExchangeProperties.PROVIDER, String.class),
                    Boolean.TRUE.equals(exchange.getProperty(ExchangeProperties.STREAM_INCLUDE_USAGE, Boolean.class)));
        } else {
            throw new GatewayException(500, "server_error", "internal_error", null,
                    "The gateway failed to process the request");
        }
        String model = exchange.getProperty(ExchangeProperties.MODEL, String.class);
        metrics.watch(stream, model);
        Long start = exchange.getProperty(ExchangeProperties.START_NANOS, Long.class);
        if (start != null) {
            // the provider route has read the first chunk by now: this is when the caller can have it
            gatewayMetrics.timeToFirstChunk(exchange.getProperty(ExchangeProperties.DOOR, String.class), model,
                    exchange.getProperty(ExchangeProperties.PROVIDER, String.class), System.nanoTime() - start);
        }
        exchange.getExchangeExtension().addOnCompletion(new CloseOnDone(stream));
        return stream;
    }

    /**
     * Runs before camel-http's own completion step, which would otherwise drain the rest of the
     * upstream answer to reuse the connection: a client that left must stop the generation.
     */
    private static final class CloseOnDone extends SynchronizationAdapter implements Ordered {
        private final ChatStream stream;

        CloseOnDone(ChatStream stream) {
            this.stream = stream;
        }

        @Override
        public void onDone(Exchange exchange) {
            stream.close();
        }

        @Override
        public int getOrder() {
            return Ordered.HIGHEST;
        }
    }
}
