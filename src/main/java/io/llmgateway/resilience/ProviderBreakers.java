package io.llmgateway.resilience;

import io.llmgateway.core.BreakerSettings;
import io.llmgateway.metrics.GatewayMetrics;
import java.util.Locale;

import io.llmgateway.stream.ChatStream;
import java.util.concurrent.TimeUnit;
import org.apache.camel.Exchange;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.llmgateway.core.GatewayProperties;
import io.llmgateway.core.GatewayProperties.Provider;
import io.llmgateway.error.ErrorMapper;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.camel.CamelContext;
import org.springframework.stereotype.Component;

/**
 * One Resilience4j circuit breaker per provider, built from {@code gateway.providers.<id>.breaker}.
 * The provider-guard route's circuitBreaker EIP uses them by name ({@code circuit-breaker-<id>}),
 * so the EIP runs the calls and the status endpoint reads the very same breaker.
 */
@Component
public class ProviderBreakers {

    private final Map<String, CircuitBreaker> breakers = new LinkedHashMap<>();

    public ProviderBreakers(GatewayProperties properties, ErrorMapper errors, CamelContext camel, GatewayMetrics metrics) {
        properties.getProviders().forEach((id, provider) -> {
            CircuitBreaker breaker = create(id, provider, errors);
            breaker.getEventPublisher().onStateTransition(event -> metrics.breakerTransition(id,
                    event.getStateTransition().getFromState().name().toLowerCase(Locale.ROOT),
                    event.getStateTransition().getToState().name().toLowerCase(Locale.ROOT)));
            breakers.put(id, breaker);
            // the circuitBreaker EIP in the provider-guard template looks it up by this name
            camel.getRegistry().bind("circuit-breaker-" + id, breaker);
        });
    }

    public CircuitBreaker breaker(String providerId) {
        return breakers.get(providerId);
    }

    public Map<String, CircuitBreaker> all() {
        return breakers;
    }

    /**
     * Route step after the circuit breaker: the breaker saw a stream succeed once its first chunk
     * arrived, but a stream can still break off (cut, stall, error event). Such an end is reported
     * to the same breaker as one more failure, so a provider that keeps breaking streams opens its
     * circuit like one that keeps failing calls. A stream the client cancelled counts for nothing.
     */
    public void watchStream(Exchange exchange, String providerId) {
        if (exchange.getIn().getBody() instanceof ChatStream stream) {
            CircuitBreaker breaker = breakers.get(providerId);
            long started = System.nanoTime();
            stream.onFinish(done -> {
                if (done.outcome() == ChatStream.Outcome.FAILED && done.failure() != null) {
                    breaker.onError(System.nanoTime() - started, TimeUnit.NANOSECONDS, done.failure());
                }
            });
        }
    }

    private static CircuitBreaker create(String id, Provider provider, ErrorMapper errors) {
        BreakerSettings s = provider.getBreaker();
        CircuitBreakerConfig config = CircuitBreakerConfig.custom()
                .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                .slidingWindowSize(s.getSlidingWindow())
                .minimumNumberOfCalls(s.getMinimumCalls())
                .failureRateThreshold(s.getFailureRateThreshold())
                .waitDurationInOpenState(s.getWaitInOpen())
                .permittedNumberOfCallsInHalfOpenState(s.getPermittedInHalfOpen())
                .slowCallDurationThreshold(s.getSlowCallThreshold())
                .slowCallRateThreshold(s.getSlowCallRateThreshold())
                // which outcomes count as failures: 5xx, timeouts, connection errors; 429 only when configured
                .recordException(failure -> counts(Outcome.of(failure, id, errors).kind(), s))
                .writableStackTraceEnabled(false)
                .build();
        return CircuitBreaker.of(id, config);
    }

    static boolean counts(Outcome.Kind kind, BreakerSettings settings) {
        return switch (kind) {
            case SERVER_ERROR, TIMEOUT, UNREACHABLE -> true;
            case RATE_LIMITED -> settings.isCountRateLimits();
            default -> false;
        };
    }
}
