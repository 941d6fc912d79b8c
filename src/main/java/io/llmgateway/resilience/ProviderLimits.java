package io.llmgateway.resilience;

import io.llmgateway.core.ExchangeProperties;
import io.llmgateway.core.LimitSettings;
import io.llmgateway.metrics.GatewayMetrics;

import io.llmgateway.stream.ChatStream;

import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.bulkhead.BulkheadConfig;
import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import io.llmgateway.core.GatewayProperties;
import io.llmgateway.error.GatewayException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.camel.Exchange;
import org.springframework.stereotype.Component;

/**
 * The per-provider throttle in front of each circuit breaker: a Resilience4j rate limiter (requests
 * per window) and bulkhead (requests in flight), because both can wait a bounded time and then give
 * up, which Camel's throttle EIP cannot. Limits can change at runtime (POST /admin/providers/{id}/limits).
 */
@Component("providerLimits")
public class ProviderLimits {

    /** The bulkhead whose permit this exchange holds, released by the provider-guard route. */
    static final String PERMIT = ExchangeProperties.BULKHEAD_PERMIT;
    /** When the throttle let the call through (System.nanoTime): latency figures start here, not in the queue. */
    static final String ADMITTED = ExchangeProperties.ADMITTED_AT;

    private final Map<String, Gate> gates = new LinkedHashMap<>();

    private final GatewayMetrics metrics;

    public ProviderLimits(GatewayProperties properties, GatewayMetrics metrics) {
        this.metrics = metrics;
        properties.getProviders().forEach((id, provider) -> gates.put(id, new Gate(id, provider.getLimits())));
    }

    /** Takes a permit of each limit, waiting up to max-wait; 429 provider_throttled when none came. */
    public void acquire(Exchange exchange, String id) {
        Gate gate = gates.get(id);
        Limits limits = gate.limits;
        gate.waiting.incrementAndGet();
        long arrived = System.nanoTime();
        try {
            if (limits.rateLimiter != null && !limits.rateLimiter.acquirePermission()) {
                throw throttled(id, limits.settings.getRequestsPerWindow() + " requests per " + limits.settings.getWindow(),
                        limits.settings.getWindow());
            }
            if (limits.bulkhead != null) {
                if (!limits.bulkhead.tryAcquirePermission()) {
                    throw throttled(id, limits.settings.getMaxConcurrent() + " requests at a time", Duration.ofSeconds(1));
                }
                exchange.setProperty(PERMIT, limits.bulkhead);
            }
            long admitted = System.nanoTime();
            exchange.setProperty(ADMITTED, admitted);
            if (limits.rateLimiter != null || limits.bulkhead != null) {
                metrics.throttleWait(id, admitted - arrived);
            }
        } catch (GatewayException e) {
            metrics.throttleRejection(id);
            throw e;
        } finally {
            gate.waiting.decrementAndGet();
        }
    }

    /**
     * Gives the in-flight permit back. A stream is still in flight when the route ends (its first
     * chunk has arrived, the rest has not), so its permit is given back when the stream ends.
     */
    public void release(Exchange exchange) {
        Bulkhead permit = exchange.getProperty(PERMIT, Bulkhead.class);
        if (permit != null) {
            exchange.removeProperty(PERMIT);
            if (exchange.getException() == null && exchange.getIn().getBody() instanceof ChatStream stream) {
                stream.onFinish(done -> permit.onComplete());
            } else {
                permit.onComplete();
            }
        }
    }

    /** Replaces a provider's limits; calls in flight finish under the old ones. */
    public void change(String providerId, LimitSettings settings) {
        Gate gate = gates.get(providerId);
        gate.limits = new Limits(providerId, settings);
    }

    public Snapshot snapshot(String providerId) {
        Gate gate = gates.get(providerId);
        Limits limits = gate.limits;
        int inUse = limits.bulkhead == null ? 0
                : limits.bulkhead.getMetrics().getMaxAllowedConcurrentCalls() - limits.bulkhead.getMetrics().getAvailableConcurrentCalls();
        Integer available = limits.rateLimiter == null ? null : Math.max(0, limits.rateLimiter.getMetrics().getAvailablePermissions());
        return new Snapshot(limits.settings, inUse, gate.waiting.get(), available);
    }

    private static GatewayException throttled(String id, String limit, Duration retryAfter) {
        return new GatewayException(429, "rate_limit_error", Outcome.THROTTLED_CODE, null,
                "Provider '" + id + "' is at its configured limit of " + limit, id, null).withRetryAfter(retryAfter);
    }

    public record Snapshot(LimitSettings settings, int inUse, int waiting, Integer permitsLeftInWindow) {
    }

    private static final class Gate {
        final AtomicInteger waiting = new AtomicInteger();
        volatile Limits limits;

        Gate(String id, LimitSettings settings) {
            this.limits = new Limits(id, settings);
        }
    }

    private static final class Limits {
        final LimitSettings settings;
        final RateLimiter rateLimiter;
        final Bulkhead bulkhead;

        Limits(String id, LimitSettings settings) {
            this.settings = settings;
            this.rateLimiter = settings.getRequestsPerWindow() <= 0 ? null : RateLimiter.of(id, RateLimiterConfig.custom()
                    .limitForPeriod(settings.getRequestsPerWindow())
                    .limitRefreshPeriod(settings.getWindow())
                    .timeoutDuration(settings.getMaxWait())
                    .build());
            this.bulkhead = settings.getMaxConcurrent() <= 0 ? null : Bulkhead.of(id, BulkheadConfig.custom()
                    .maxConcurrentCalls(settings.getMaxConcurrent())
                    .maxWaitDuration(settings.getMaxWait())
                    .writableStackTraceEnabled(false)
                    .build());
        }
    }
}
