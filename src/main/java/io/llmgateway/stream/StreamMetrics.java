package io.llmgateway.stream;

import io.llmgateway.metrics.GatewayMetrics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * Counts streams by how they ended (completed, failed, cancelled by the client) and the tokens
 * they used, taken from the vendor's final usage chunk, which the gateway asks for even when
 * the caller did not.
 */
@Component
public class StreamMetrics {

    private static final Logger LOG = LoggerFactory.getLogger(StreamMetrics.class);

    // Built once, as GatewayMetrics does; null without a registry.
    private final Meter.MeterProvider<Counter> streams;
    private final Meter.MeterProvider<Counter> tokens;

    public StreamMetrics(ObjectProvider<MeterRegistry> registry) {
        MeterRegistry meters = registry.getIfAvailable();
        this.streams = meters == null ? null : Counter.builder("gateway.streams")
                .description("Streamed chat answers by how they ended").withRegistry(meters);
        this.tokens = meters == null ? null : Counter.builder("gateway.stream.tokens")
                .description("Tokens used by streamed answers").withRegistry(meters);
    }

    public void watch(ChatStream stream, String model) {
        stream.onFinish(done -> record(done, model));
    }

    private void record(ChatStream stream, String model) {
        String provider = stream.providerId() == null ? "none" : stream.providerId();
        String alias = GatewayMetrics.modelTag(model);
        String outcome = stream.outcome().name().toLowerCase();
        LOG.debug("stream from {} ({}) {} after {} chunks, usage {}", provider, alias, outcome, stream.chunks(),
                stream.usage() == null ? "unknown" : stream.usage().totalTokens);
        if (streams == null) {
            return;
        }
        Tags route = Tags.of("provider", provider, "model", alias);
        streams.withTags(route.and("outcome", outcome)).increment();
        if (stream.usage() != null) {
            tokens.withTags(route.and("type", "prompt")).increment(stream.usage().promptTokens);
            tokens.withTags(route.and("type", "completion")).increment(stream.usage().completionTokens);
        }
    }
}
