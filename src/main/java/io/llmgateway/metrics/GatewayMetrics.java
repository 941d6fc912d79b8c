package io.llmgateway.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.springframework.stereotype.Component;

/**
 * Every meter the gateway publishes, in one place, named after the OpenTelemetry GenAI semantic
 * conventions where one exists (gen_ai.client.*), with the conventions' bucket boundaries.
 * Prometheus sees them with dots as underscores and the unit appended, e.g.
 * {@code gen_ai_client_operation_duration_seconds_bucket}. Tags are bounded by configuration:
 * door, model (the alias asked for), provider, status, key (gateway key id); never message content.
 * Features (fallbacks, retries, breakers, throttles, streaming) call the small methods at the end;
 * the response cache and the tool loop publish their own meters (cache_gets_total, gateway_cache_*,
 * gateway_tool_calls).
 */
@Component
public class GatewayMetrics {

    /** The semantic conventions' ExplicitBucketBoundaries for gen_ai.client.operation.duration (seconds). */
    private static final Duration[] DURATION_BUCKETS = Arrays.stream(new double[] {
            0.01, 0.02, 0.04, 0.08, 0.16, 0.32, 0.64, 1.28, 2.56, 5.12, 10.24, 20.48, 40.96, 81.92})
            .mapToObj(s -> Duration.ofNanos((long) (s * 1e9))).toArray(Duration[]::new);
    /** Overhead lives well below the upstream call: finer buckets from 0.1 ms. */
    private static final Duration[] OVERHEAD_BUCKETS = Arrays.stream(new double[] {
            0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1})
            .mapToObj(s -> Duration.ofNanos((long) (s * 1e9))).toArray(Duration[]::new);
    /** The semantic conventions' ExplicitBucketBoundaries for gen_ai.client.token.usage. */
    private static final double[] TOKEN_BUCKETS = {
            1, 4, 16, 64, 256, 1024, 4096, 16384, 65536, 262144, 1048576, 4194304, 16777216, 67108864};

    private final MeterRegistry registry;
    // Built once: a builder per request rebuilt the bucket lists and tag sets each time (meter providers
    // only look the meter up by its tags).
    private final Meter.MeterProvider<Timer> operationDuration;
    private final Meter.MeterProvider<Timer> upstreamDuration;
    private final Meter.MeterProvider<Timer> overheadDuration;
    private final Meter.MeterProvider<DistributionSummary> tokens;
    private final Meter.MeterProvider<Counter> cost;
    private final Meter.MeterProvider<Timer> timeToFirstChunk;

    public GatewayMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.operationDuration = Timer.builder("gen_ai.client.operation.duration")
                .description("Duration of a chat operation through the gateway, door in to answer out")
                .serviceLevelObjectives(DURATION_BUCKETS)
                .tag("gen_ai.operation.name", "chat")
                .withRegistry(registry);
        this.upstreamDuration = Timer.builder("gateway.upstream.duration")
                .description("Time spent in provider calls for one request, all attempts together")
                .serviceLevelObjectives(DURATION_BUCKETS)
                .withRegistry(registry);
        this.overheadDuration = Timer.builder("gateway.overhead.duration")
                .description("Gateway overhead per request: total time minus the time spent in provider calls")
                .serviceLevelObjectives(OVERHEAD_BUCKETS)
                .withRegistry(registry);
        this.tokens = DistributionSummary.builder("gen_ai.client.token.usage")
                .description("Input and output tokens per request (provider-reported, or estimated with jtokkit)")
                .baseUnit("tokens")
                .serviceLevelObjectives(TOKEN_BUCKETS)
                .withRegistry(registry);
        this.cost = Counter.builder("gateway.cost")
                .description("Cost of requests in USD from the configured per-model prices; cache hits cost 0")
                .baseUnit("usd")
                .withRegistry(registry);
        this.timeToFirstChunk = Timer.builder("gen_ai.client.operation.time_to_first_chunk")
                .description("Time to the first streamed chunk from the provider")
                .serviceLevelObjectives(DURATION_BUCKETS)
                .tag("gen_ai.operation.name", "chat")
                .withRegistry(registry);
    }

    /** Tags for one request: the door it came in by, the model alias, the provider that answered, the status sent back. */
    public static Tags requestTags(String door, String model, String provider, int status) {
        return routeTags(door, model, provider).and("status", Integer.toString(status));
    }

    /** Door, model alias and provider: where a request went, without its outcome. */
    public static Tags routeTags(String door, String model, String provider) {
        return Tags.of("door", orNone(door), "model", modelTag(model), "provider", orNone(provider));
    }

    /**
     * The model alias as a tag value. A provider's listed model (<provider>/<any name>, e.g. ollama/...)
     * is named by the caller, so it is tagged <provider>/* : a caller must not grow the tag set.
     */
    public static String modelTag(String model) {
        int slash = model == null ? -1 : model.indexOf('/');
        return slash < 0 ? orNone(model) : model.substring(0, slash) + "/*";
    }

    /** Whole request, door in to answer out (the operation as the caller lived it). */
    public void operationDuration(Tags tags, long nanos) {
        operationDuration.withTags(tags).record(nanos, TimeUnit.NANOSECONDS);
    }

    /** Time spent waiting on providers (all attempts) for one request. */
    public void upstreamDuration(Tags tags, long nanos) {
        upstreamDuration.withTags(tags).record(nanos, TimeUnit.NANOSECONDS);
    }

    /** What the gateway itself added: total minus upstream time. */
    public void overheadDuration(Tags tags, long nanos) {
        overheadDuration.withTags(tags).record(Math.max(0, nanos), TimeUnit.NANOSECONDS);
    }

    /** Tokens of one request; {@code type} is input or output as in gen_ai.token.type. */
    public void tokens(Tags tags, String type, boolean estimated, long count) {
        this.tokens.withTags(tags.and("gen_ai.token.type", type, "estimated", Boolean.toString(estimated))).record(count);
    }

    /** Money spent, in USD, by model and gateway key. */
    public void cost(Tags tags, String key, double usd) {
        cost.withTags(tags.and("key", orNone(key))).increment(usd);
    }

    /** A request refused by a gateway key's policy: reason is unauthenticated, model, rpm, tpm, budget, limits. */
    public void keyRejection(String key, String reason) {
        counter("gateway.key.rejections", "Requests refused by gateway key checks", "key", orNone(key), "reason", reason);
    }

    // ---- for the features that other steps add; each is one cheap call ----

    /** Streaming: time from sending the request upstream to the first chunk back. */
    public void timeToFirstChunk(String door, String model, String provider, long nanos) {
        timeToFirstChunk.withTags(routeTags(door, model, provider)).record(nanos, TimeUnit.NANOSECONDS);
    }

    /** A failover from one provider to the next in the chain. */
    public void fallback(String model, String fromProvider, String toProvider, String reason) {
        counter("gateway.fallbacks", "Failovers to the next provider in a model's chain", "model", orNone(model),
                "from", orNone(fromProvider), "to", orNone(toProvider), "reason", orNone(reason));
    }

    /** A retried provider call. */
    public void retry(String provider, String reason) {
        counter("gateway.retries", "Retried provider calls", "provider", orNone(provider), "reason", orNone(reason));
    }

    /** A circuit breaker changing state (closed, open, half_open, ...). */
    public void breakerTransition(String provider, String from, String to) {
        counter("gateway.breaker.transitions", "Circuit breaker state transitions", "provider", orNone(provider),
                "from", orNone(from), "to", orNone(to));
    }

    /** A provider throttle that made a request wait. */
    public void throttleWait(String provider, long nanos) {
        Timer.builder("gateway.throttle.wait").description("Time requests waited in a provider's throttle")
                .tags("provider", orNone(provider)).register(registry).record(Duration.ofNanos(nanos));
    }

    /** A provider throttle that turned a request away. */
    public void throttleRejection(String provider) {
        counter("gateway.throttle.rejections", "Requests turned away by a provider's throttle", "provider", orNone(provider));
    }

    public MeterRegistry registry() {
        return registry;
    }

    private void counter(String name, String description, String... tags) {
        Counter.builder(name).description(description).tags(tags).register(registry).increment();
    }

    private static String orNone(String value) {
        return value == null || value.isBlank() ? "none" : value;
    }
}
