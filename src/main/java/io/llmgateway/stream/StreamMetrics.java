package io.llmgateway.stream;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
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

    private final MeterRegistry registry;

    public StreamMetrics(ObjectProvider<MeterRegistry> registry) {
        this.registry = registry.getIfAvailable();
    }

    public void watch(ChatStream stream, String model) {
        stream.onFinish(done -> record(done, model));
    }

    private void record(ChatStream stream, String model) {
        String provider = stream.providerId() == null ? "none" : stream.providerId();
        String alias = model == null ? "none" : model;
        String outcome = stream.outcome().name().toLowerCase();
        LOG.debug("stream from {} ({}) {} after {} chunks, usage {}", provider, alias, outcome, stream.chunks(),
                stream.usage() == null ? "unknown" : stream.usage().totalTokens);
        if (registry == null) {
            return;
        }
        Counter.builder("gateway.streams").description("Streamed chat answers by how they ended")
                .tags("provider", provider, "model", alias, "outcome", outcome).register(registry).increment();
        if (stream.usage() != null) {
            Counter.builder("gateway.stream.tokens").description("Tokens used by streamed answers")
                    .tags("provider", provider, "model", alias, "type", "prompt").register(registry)
                    .increment(stream.usage().promptTokens);
            Counter.builder("gateway.stream.tokens").description("Tokens used by streamed answers")
                    .tags("provider", provider, "model", alias, "type", "completion").register(registry)
                    .increment(stream.usage().completionTokens);
        }
    }
}
