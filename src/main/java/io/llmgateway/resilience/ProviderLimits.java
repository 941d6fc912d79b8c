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
import io.llmgateway.redis.SharedThrottle;
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
 * With scope: cluster the requests per window are counted in Redis for every instance; while Redis is
 * unreachable each instance allows its share (the limit divided by gateway.redis.instance-count).
 */
@Component("providerLimits")
public class ProviderLimits {

    private final Map<String, Gate> gates = new LinkedHashMap<>();

    private final GatewayMetrics metrics;
    private final SharedThrottle shared;

    public ProviderLimits(GatewayProperties properties, GatewayMetrics metrics, SharedThrottle shared) {
        this.metrics = metrics;
        this.shared = shared;
        properties.getProviders().forEach((id, provider) -> gates.put(id, new Gate(new Limits(id, provider.getLimits(), share()))));
    }

    /** The part of a cluster-wide window one instance allows on its own (while Redis is unreachable). */
    private int share() {
        return shared.configured() ? shared.instanceCount() : 1;
    }

    /** Takes a permit of each limit, waiting up to max-wait; 429 provider_throttled when none came. */
    public void acquire(Exchange exchange, String id) {
        Gate gate = gates.get(id);
        Limits limits = gate.limits;
        gate.waiting.incrementAndGet();
        long arrived = System.nanoTime();
        try {
            if (limits.rateLimiter != null && !permitted(id, limits)) {
                throw throttled(id, limits.settings.getRequestsPerWindow() + " requests per " + limits.settings.getWindow(),
                        limits.settings.getWindow());
            }
            if (limits.bulkhead != null) {
                if (!limits.bulkhead.tryAcquirePermission()) {
                    throw throttled(id, limits.settings.getMaxConcurrent() + " requests at a time", Duration.ofSeconds(1));
                }
                exchange.setProperty(ExchangeProperties.BULKHEAD_PERMIT, limits.bulkhead);
            }
            long admitted = System.nanoTime();
            exchange.setProperty(ExchangeProperties.ADMITTED_AT, admitted);
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

    /** A permit of the requests-per-window limit: from Redis for scope cluster (unless unreachable), else in process. */
    private boolean permitted(String id, Limits limits) {
        LimitSettings settings = limits.settings;
        if (settings.getScope() == LimitSettings.Scope.CLUSTER && shared.configured()) {
            SharedThrottle.Permit permit = shared.acquire(id, settings.getRequestsPerWindow(), settings.getWindow(), settings.getMaxWait());
            if (permit != SharedThrottle.Permit.UNKNOWN) {
                return permit == SharedThrottle.Permit.GRANTED;
            }
        }
        return limits.rateLimiter.acquirePermission();
    }

    /**
     * Gives the in-flight permit back. A stream is still in flight when the route ends (its first
     * chunk has arrived, the rest has not), so its permit is given back when the stream ends.
     */
    public void release(Exchange exchange) {
        Bulkhead permit = exchange.getProperty(ExchangeProperties.BULKHEAD_PERMIT, Bulkhead.class);
        if (permit != null) {
            exchange.removeProperty(ExchangeProperties.BULKHEAD_PERMIT);
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
        gate.limits = new Limits(providerId, settings, share());
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

        Gate(Limits limits) {
            this.limits = limits;
        }
    }

    private static final class Limits {
        final LimitSettings settings;
        final RateLimiter rateLimiter;
        final Bulkhead bulkhead;

        /** share: instances a cluster-scoped window is divided among when this instance counts alone. */
        Limits(String id, LimitSettings settings, int share) {
            this.settings = settings;
            int perInstance = settings.getScope() == LimitSettings.Scope.CLUSTER
                    ? Math.max(1, settings.getRequestsPerWindow() / share) : settings.getRequestsPerWindow();
            this.rateLimiter = settings.getRequestsPerWindow() <= 0 ? null : RateLimiter.of(id, RateLimiterConfig.custom()
                    .limitForPeriod(perInstance)
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
