package io.llmgateway.resilience;

import io.llmgateway.core.GatewayProperties;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.ValueAtPercentile;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.springframework.stereotype.Component;

/**
 * Per-provider call figures for the status endpoint, kept in Micrometer so Prometheus sees the
 * same numbers: gateway.provider.calls{provider,outcome} and gateway.provider.latency{provider}
 * (with p50/p95). Rejections (open circuit, throttle) count as calls but have no latency.
 */
@Component
public class ProviderStats {

    private final MeterRegistry registry;
    private final Map<String, Figures> figures = new LinkedHashMap<>();

    public ProviderStats(GatewayProperties properties, MeterRegistry registry) {
        this.registry = registry;
        properties.getProviders().keySet().forEach(id -> figures.put(id, new Figures(id, registry)));
    }

    public void record(String providerId, Outcome outcome, Duration took) {
        Figures f = figures.get(providerId);
        f.calls.computeIfAbsent(outcome.label(), label -> Counter.builder("gateway.provider.calls")
                .tag("provider", providerId).tag("outcome", label).register(registry)).increment();
        f.total.increment();
        if (outcome.kind() == Outcome.Kind.SUCCESS) {
            f.successes.increment();
        } else {
            f.lastError = outcome.label() + ": " + outcome.error().getMessage();
            f.lastErrorAt = Instant.now();
        }
        if (outcome.kind() != Outcome.Kind.CIRCUIT_OPEN && outcome.kind() != Outcome.Kind.THROTTLED) {
            f.latency.record(took);
        }
    }

    public Snapshot snapshot(String providerId) {
        Figures f = figures.get(providerId);
        long total = (long) f.total.count();
        long ok = (long) f.successes.count();
        Double p50 = null;
        Double p95 = null;
        for (ValueAtPercentile v : f.latency.takeSnapshot().percentileValues()) {
            if (v.percentile() == 0.5) {
                p50 = v.value(TimeUnit.MILLISECONDS);
            } else if (v.percentile() == 0.95) {
                p95 = v.value(TimeUnit.MILLISECONDS);
            }
        }
        return new Snapshot(total, ok, total == 0 ? null : (double) ok / total, f.latency.count() == 0 ? null : p50,
                f.latency.count() == 0 ? null : p95, f.lastError, f.lastErrorAt);
    }

    public record Snapshot(long total, long successes, Double successRate, Double p50Millis, Double p95Millis,
                           String lastError, Instant lastErrorAt) {
    }

    private static final class Figures {
        final Counter total;
        final Counter successes;
        final Timer latency;
        /** gateway.provider.calls by outcome, looked up here rather than built and registered on every call */
        final Map<String, Counter> calls = new ConcurrentHashMap<>();
        volatile String lastError;
        volatile Instant lastErrorAt;

        Figures(String id, MeterRegistry registry) {
            total = Counter.builder("gateway.provider.attempts").tag("provider", id).register(registry);
            successes = Counter.builder("gateway.provider.successes").tag("provider", id).register(registry);
            latency = Timer.builder("gateway.provider.latency").tag("provider", id)
                    .publishPercentiles(0.5, 0.95).register(registry);
        }
    }
}
