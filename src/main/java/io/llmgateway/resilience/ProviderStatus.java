package io.llmgateway.resilience;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.llmgateway.catalog.ModelCatalog;
import io.llmgateway.chat.Json;
import io.llmgateway.core.GatewayProperties.Provider;
import io.llmgateway.core.LimitSettings;
import io.llmgateway.error.GatewayException;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.camel.CamelContext;
import org.apache.camel.Endpoint;
import org.apache.camel.component.http.HttpEndpoint;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManager;
import org.apache.hc.core5.pool.PoolStats;
import org.springframework.boot.convert.DurationStyle;
import org.springframework.stereotype.Component;

/** The live provider status and runtime controls behind /admin/providers (routes/admin.camel.yaml). */
@Component("providerStatus")
public class ProviderStatus {

    private final ModelCatalog catalog;
    private final ProviderBreakers breakers;
    private final ProviderLimits limits;
    private final ProviderStats stats;
    private final ProviderSwitches switches;
    private final CamelContext camel;

    public ProviderStatus(ModelCatalog catalog, ProviderBreakers breakers, ProviderLimits limits, ProviderStats stats,
                          ProviderSwitches switches, CamelContext camel) {
        this.catalog = catalog;
        this.breakers = breakers;
        this.limits = limits;
        this.stats = stats;
        this.switches = switches;
        this.camel = camel;
    }

    /** GET /admin/providers */
    public Map<String, List<Status>> list() {
        List<Status> all = new ArrayList<>();
        catalog.providers().keySet().forEach(id -> all.add(status(id)));
        return Map.of("data", all);
    }

    /** GET /admin/providers/{id} */
    public Status status(String id) {
        Provider provider = known(id);
        CircuitBreaker breaker = breakers.breaker(id);
        CircuitBreaker.Metrics m = breaker.getMetrics();
        Circuit circuit = new Circuit(breaker.getState().name(), m.getFailureRate() < 0 ? null : (double) m.getFailureRate(),
                m.getNumberOfBufferedCalls(), m.getNumberOfFailedCalls(), m.getNumberOfSlowCalls(), m.getNumberOfNotPermittedCalls());
        ProviderLimits.Snapshot l = limits.snapshot(id);
        Limiter limiter = new Limiter(l.settings().getRequestsPerWindow(), l.settings().getWindow().toString(),
                l.settings().getMaxConcurrent(), l.settings().getMaxWait().toString(), l.inUse(), l.waiting(), l.permitsLeftInWindow());
        ProviderStats.Snapshot s = stats.snapshot(id);
        Metrics metrics = new Metrics(s.total(), s.successes(), s.successRate(), s.p50Millis(), s.p95Millis(), s.lastError(),
                s.lastErrorAt() == null ? null : s.lastErrorAt().toString());
        String state;
        String reason = null;
        if (!ModelCatalog.isAvailable(provider)) {
            state = "down";
            reason = "off in configuration (disabled, or its API key is not set)";
        } else if (switches.isDisabled(id)) {
            state = "down";
            reason = "disabled by an operator";
        } else if (breaker.getState() == CircuitBreaker.State.OPEN || breaker.getState() == CircuitBreaker.State.FORCED_OPEN) {
            state = "down";
            reason = "circuit open";
        } else if (breaker.getState() == CircuitBreaker.State.HALF_OPEN) {
            state = "degraded";
            reason = "circuit half-open: trial calls";
        } else if (m.getNumberOfFailedCalls() > 0 || l.waiting() > 0) {
            state = "degraded";
            reason = l.waiting() > 0 ? "requests waiting for the throttle" : "recent failures";
        } else {
            state = "healthy";
        }
        return new Status(id, provider.getKind(), state, reason, !switches.isDisabled(id), circuit, limiter, pool(provider),
                metrics);
    }

    /** POST /admin/providers/{id}/disable: the chain skips it until enabled again. */
    public Status disable(String id) {
        known(id);
        switches.disable(id);
        return status(id);
    }

    public Status enable(String id) {
        known(id);
        switches.enable(id);
        return status(id);
    }

    /**
     * POST /admin/providers/{id}/limits with any of
     * {"requests_per_window":10,"window":"1s","max_concurrent":4,"max_wait":"500ms"}; the rest stays.
     */
    public Status changeLimits(String id, byte[] body) {
        known(id);
        LimitSettings now = limits.snapshot(id).settings();
        JsonNode change;
        try {
            change = Json.MAPPER.readTree(body);
        } catch (IOException e) {
            throw GatewayException.invalidRequest(null, "invalid_json", "The body must be a JSON object");
        }
        if (change == null || !change.isObject()) {
            throw GatewayException.invalidRequest(null, "invalid_json", "The body must be a JSON object");
        }
        LimitSettings next = new LimitSettings(
                count(change, "requests_per_window", now.getRequestsPerWindow()),
                duration(change, "window", now.getWindow()),
                count(change, "max_concurrent", now.getMaxConcurrent()),
                duration(change, "max_wait", now.getMaxWait()));
        if (next.getWindow().isZero() || next.getWindow().isNegative()) {
            throw GatewayException.invalidRequest("window", "invalid_value", "window must be longer than zero");
        }
        limits.change(id, next);
        return status(id);
    }

    private Provider known(String id) {
        Provider provider = catalog.provider(id);
        if (provider == null) {
            throw new GatewayException(404, "invalid_request_error", "provider_not_found", "id",
                    "No provider '" + id + "'; known: " + catalog.providers().keySet());
        }
        return provider;
    }

    private static int count(JsonNode change, String field, int current) {
        JsonNode v = change.get(field);
        if (v == null) {
            return current;
        }
        if (!v.canConvertToInt() || !v.isIntegralNumber() || v.asInt() < 0) {
            throw GatewayException.invalidRequest(field, "invalid_value", field + " must be a whole number, 0 or more (0 = unlimited)");
        }
        return v.asInt();
    }

    private static Duration duration(JsonNode change, String field, Duration current) {
        JsonNode v = change.get(field);
        if (v == null) {
            return current;
        }
        try {
            Duration d = DurationStyle.detectAndParse(v.asText());
            if (d.isNegative()) {
                throw new IllegalArgumentException();
            }
            return d;
        } catch (RuntimeException e) {
            throw GatewayException.invalidRequest(field, "invalid_value", field + " must be a duration such as \"500ms\" or \"2s\"");
        }
    }

    /** The provider's HTTP connection pool, found by its base URL among Camel's HTTP endpoints. */
    private Pool pool(Provider provider) {
        if (provider.getBaseUrl() == null) {
            return null;
        }
        String base = provider.getBaseUrl().endsWith("/") ? provider.getBaseUrl() : provider.getBaseUrl() + "/";
        int leased = 0;
        int idle = 0;
        int pending = 0;
        int max = 0;
        int perHost = 0;
        boolean found = false;
        for (Endpoint endpoint : camel.getEndpoints()) {
            if (endpoint instanceof HttpEndpoint http && http.getEndpointBaseUri().startsWith(base)
                    && http.getClientConnectionManager() instanceof PoolingHttpClientConnectionManager pool) {
                PoolStats total = pool.getTotalStats();
                leased += total.getLeased();
                idle += total.getAvailable();
                pending += total.getPending();
                // each Camel HTTP endpoint of a provider (chat, embeddings) has its own pool of the configured size
                max = Math.max(max, total.getMax());
                perHost = Math.max(perHost, pool.getDefaultMaxPerRoute());
                found = true;
            }
        }
        return found ? new Pool(leased, idle, pending, max, perHost) : null;
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Status(String id, String kind, String status, String reason, boolean enabled, Circuit circuit,
                         Limiter limiter, Pool pool, Metrics metrics) {
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Circuit(String state, Double failureRate, int bufferedCalls, int failedCalls, int slowCalls,
                          long notPermittedCalls) {
    }

    /** 0 = unlimited. permitsLeftInWindow is null when there is no per-window limit. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Limiter(int requestsPerWindow, String window, int maxConcurrent, String maxWait, int inUse, int waiting,
                          Integer permitsLeftInWindow) {
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Pool(int leased, int idle, int pending, int max, int maxPerHost) {
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Metrics(long total, long successes, Double successRate, Double p50Ms, Double p95Ms, String lastError,
                          String lastErrorAt) {
    }
}
