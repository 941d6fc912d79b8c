package io.llmgateway.resilience;

import io.llmgateway.core.ExchangeProperties;
import io.llmgateway.core.ResilienceProperties;
import io.llmgateway.core.RetrySettings;
import io.llmgateway.metrics.GatewayMetrics;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.llmgateway.catalog.ModelCatalog;
import io.llmgateway.chat.ChatRequest;
import io.llmgateway.core.GatewayProperties.Deployment;
import io.llmgateway.core.GatewayProperties.Model;
import io.llmgateway.error.ErrorMapper;
import io.llmgateway.error.GatewayException;
import io.llmgateway.provider.ProviderCalls;
import io.llmgateway.usage.UpstreamTimer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Collectors;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The steps of the call-provider loop (routes/chat-pipeline.camel.yaml): plan the chain of
 * (model, provider) candidates for the chosen alias, point the exchange at the next one, and after a
 * failure decide: retry the same provider (backoff or its Retry-After), fall over to the next
 * candidate, or give up with one error naming every attempt.
 */
@Component("providerChain")
public class ProviderChain {

    private static final Logger LOG = LoggerFactory.getLogger(ProviderChain.class);

    /**
     * Flat copies of the chain's progress for the loop's condition and the delay step
     * (routes/chat-pipeline.camel.yaml): a simple path into the Chain object goes through Camel's
     * bean language, which copies the exchange on every evaluation.
     */

    private final ModelCatalog catalog;
    private final ProviderSwitches switches;
    private final ProviderBreakers breakers;
    private final ProviderStats stats;
    private final ErrorMapper errors;
    private final ResilienceProperties resilience;
    private final GatewayMetrics metrics;

    public ProviderChain(ModelCatalog catalog, ProviderSwitches switches, ProviderBreakers breakers, ProviderStats stats,
                         ErrorMapper errors, ResilienceProperties resilience, GatewayMetrics metrics) {
        this.metrics = metrics;
        this.catalog = catalog;
        this.switches = switches;
        this.breakers = breakers;
        this.stats = stats;
        this.errors = errors;
        this.resilience = resilience;
    }

    /** The chosen alias's deployments (by weight, open circuits last), then each fallback alias's. */
    public void plan(Exchange exchange) {
        Model model = catalog.model(exchange.getProperty(ExchangeProperties.MODEL, String.class));
        List<Candidate> candidates = new ArrayList<>();
        Set<String> seen = new LinkedHashSet<>();
        boolean operatorDisabled = false;
        List<Model> aliases = new ArrayList<>();
        aliases.add(model);
        model.getFallbacks().forEach(name -> aliases.add(catalog.model(name)));
        for (Model alias : aliases) {
            for (Deployment target : weightedOrder(alias.targets())) {
                if (!ModelCatalog.isAvailable(catalog.provider(target.getProvider()))) {
                    continue;
                }
                if (switches.isDisabled(target.getProvider())) {
                    operatorDisabled = true;
                    continue;
                }
                if (seen.add(target.getProvider() + "/" + target.getModel())) {
                    candidates.add(new Candidate(alias.getName(), target.getProvider(), target.getModel()));
                }
            }
        }
        if (candidates.isEmpty()) {
            throw new GatewayException(503, "server_error", "no_provider_available", "model",
                    "No provider can serve model '" + model.getName() + "' now"
                            + (operatorDisabled ? ": its providers are disabled by an operator" : ""), null, null);
        }
        ProviderCalls.request(exchange); // keep the canonical request: each attempt starts again from it
        Chain chain = new Chain(candidates, System.nanoTime() + resilience.getDeadline().toNanos());
        // a request that calls the provider several times (the gateway tool loop) lists every round's attempts
        chain.earlierAttempts = exchange.getProperty(ExchangeProperties.ATTEMPTS, String.class);
        exchange.setProperty(ExchangeProperties.CHAIN, chain);
        publish(exchange, chain);
    }

    private static void publish(Exchange exchange, Chain chain) {
        exchange.setProperty(ExchangeProperties.CHAIN_ACTIVE, chain.active);
        exchange.setProperty(ExchangeProperties.RETRY_DELAY_MILLIS, chain.retryDelayMillis);
    }

    /** Points the exchange at the current candidate, with the canonical request as the body. */
    public void next(Exchange exchange) {
        Chain chain = exchange.getProperty(ExchangeProperties.CHAIN, Chain.class);
        Candidate c = chain.current();
        chain.retryDelayMillis = 0;
        chain.attemptStarted = System.nanoTime();
        publish(exchange, chain);
        exchange.setProperty(ExchangeProperties.MODEL, c.alias());
        exchange.setProperty(ExchangeProperties.PROVIDER, c.provider());
        exchange.setProperty(ExchangeProperties.UPSTREAM_MODEL, c.upstreamModel());
        exchange.getIn().setBody(exchange.getProperty(ExchangeProperties.REQUEST, ChatRequest.class));
    }

    public void succeeded(Exchange exchange) {
        Chain chain = exchange.getProperty(ExchangeProperties.CHAIN, Chain.class);
        record(exchange, chain, Outcome.success());
        chain.active = false;
        publish(exchange, chain);
    }

    /** After a failed attempt: retry, fall over, or give up (throws). */
    public void failed(Exchange exchange) {
        Chain chain = exchange.getProperty(ExchangeProperties.CHAIN, Chain.class);
        try {
            failed(exchange, chain);
        } finally {
            publish(exchange, chain);
        }
    }

    private void failed(Exchange exchange, Chain chain) {
        Candidate c = chain.current();
        Throwable failure = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        // handled here: it becomes a retry, a fallback or the chain's own error, and must not later
        // pass for the request's outcome (the request log read a fallen-over 503 on a 200 answer)
        exchange.removeProperty(Exchange.EXCEPTION_CAUGHT);
        Outcome outcome = Outcome.of(failure, c.provider(), errors);
        record(exchange, chain, outcome);
        Outcome.Kind kind = outcome.kind();
        if (!kind.fallOver) {
            chain.active = false;
            throw outcome.error(); // the caller's own mistake, or the gateway's: another provider would not help
        }
        long delay = retryDelay(chain, c, outcome);
        if (delay >= 0) {
            chain.retryDelayMillis = delay;
            chain.attemptsOnCurrent++;
            LOG.debug("retrying {} in {} ms after {}", c.provider(), delay, outcome.label());
            metrics.retry(c.provider(), outcome.label());
            return;
        }
        chain.index++;
        chain.attemptsOnCurrent = 1;
        if (chain.index >= chain.candidates.size() || System.nanoTime() >= chain.deadline) {
            chain.active = false;
            throw giveUp(chain, exchange);
        }
        metrics.fallback(chain.candidates.get(0).alias(), c.provider(), chain.current().provider(), outcome.label());
    }

    /** Milliseconds to wait before retrying the same provider, or -1 to move on. */
    private long retryDelay(Chain chain, Candidate c, Outcome outcome) {
        RetrySettings retry = catalog.provider(c.provider()).getRetry();
        if (!outcome.kind().retryable || chain.attemptsOnCurrent >= retry.getMaxAttempts()) {
            return -1;
        }
        Duration hint = outcome.error().retryAfter();
        long delay;
        if (hint != null) {
            if (hint.compareTo(retry.getRetryAfterCap()) > 0) {
                return -1; // the provider wants longer than we may wait: another provider is faster
            }
            delay = hint.toMillis();
        } else {
            double backoff = retry.getInitialBackoff().toMillis() * Math.pow(retry.getMultiplier(), chain.attemptsOnCurrent - 1);
            backoff = Math.min(backoff, retry.getMaxBackoff().toMillis());
            double spread = retry.getJitter() * (ThreadLocalRandom.current().nextDouble() * 2 - 1);
            delay = Math.max(0, Math.round(backoff * (1 + spread)));
        }
        return System.nanoTime() + delay * 1_000_000 < chain.deadline ? delay : -1;
    }

    private void record(Exchange exchange, Chain chain, Outcome outcome) {
        Candidate c = chain.current();
        Long admitted = exchange.getProperty(ExchangeProperties.ADMITTED_AT, Long.class);
        long from = admitted != null && admitted > chain.attemptStarted ? admitted : chain.attemptStarted;
        exchange.removeProperty(ExchangeProperties.ADMITTED_AT);
        long took = System.nanoTime() - from;
        stats.record(c.provider(), outcome, Duration.ofNanos(took));
        // an open circuit or a full throttle refused before any call: no upstream time, no attempt
        if (outcome.kind() != Outcome.Kind.CIRCUIT_OPEN && outcome.kind() != Outcome.Kind.THROTTLED) {
            UpstreamTimer.addUpstream(exchange, took);
        }
        chain.attempts.add(new Attempt(c, outcome));
        StringBuilder these = new StringBuilder(chain.earlierAttempts == null ? "" : chain.earlierAttempts);
        for (Attempt a : chain.attempts) {
            these.append(these.isEmpty() ? "" : ",").append(a.candidate().provider()).append(':').append(a.outcome().label());
        }
        exchange.setProperty(ExchangeProperties.ATTEMPTS, these.toString());
    }

    /**
     * One error for the whole chain. Attempts on a single provider keep that provider's own error;
     * across several: 429 when every one was rate limited, 503 when none was reachable, 502 otherwise.
     */
    private GatewayException giveUp(Chain chain, Exchange exchange) {
        List<Attempt> attempts = chain.attempts;
        GatewayException last = attempts.get(attempts.size() - 1).outcome().error();
        long providers = attempts.stream().map(a -> a.candidate().provider()).distinct().count();
        if (providers == 1) {
            return last;
        }
        boolean allRateLimited = attempts.stream().allMatch(a -> a.outcome().kind() == Outcome.Kind.RATE_LIMITED
                || a.outcome().kind() == Outcome.Kind.THROTTLED);
        boolean noneAnswered = attempts.stream().allMatch(a -> a.outcome().kind() == Outcome.Kind.CIRCUIT_OPEN
                || a.outcome().kind() == Outcome.Kind.THROTTLED || a.outcome().kind() == Outcome.Kind.UNREACHABLE
                || a.outcome().error().status() == 503);
        int status = allRateLimited ? 429 : noneAnswered ? 503 : 502;
        String reasons = attempts.stream().map(a -> a.candidate().provider() + " (" + a.candidate().alias() + "): "
                + a.outcome().label() + " - " + a.outcome().error().getMessage()).collect(Collectors.joining("; "));
        String model = exchange.getProperty(ExchangeProperties.REQUEST, ChatRequest.class).model;
        GatewayException error = new GatewayException(status, allRateLimited ? "rate_limit_error" : "provider_error",
                "all_providers_failed", null, "All " + attempts.size() + " attempts for model '" + model + "' failed: " + reasons,
                null, null);
        if (allRateLimited) {
            error.withRetryAfter(attempts.stream().map(a -> a.outcome().error().retryAfter()).filter(d -> d != null)
                    .min(Duration::compareTo).orElse(Duration.ofSeconds(1)));
        }
        return error;
    }

    private List<Deployment> weightedOrder(List<Deployment> targets) {
        if (targets.size() == 1) {
            return targets;
        }
        List<Deployment> closed = new ArrayList<>();
        List<Deployment> open = new ArrayList<>();
        for (Deployment d : targets) {
            CircuitBreaker breaker = breakers.breaker(d.getProvider());
            (breaker.getState() == CircuitBreaker.State.OPEN || breaker.getState() == CircuitBreaker.State.FORCED_OPEN
                    ? open : closed).add(d);
        }
        List<Deployment> ordered = new ArrayList<>(targets.size());
        drawByWeight(closed, ordered);
        drawByWeight(open, ordered);
        return ordered;
    }

    private static void drawByWeight(List<Deployment> pool, List<Deployment> into) {
        List<Deployment> left = new ArrayList<>(pool);
        while (!left.isEmpty()) {
            int total = left.stream().mapToInt(d -> Math.max(0, d.getWeight())).sum();
            int pick = total == 0 ? 0 : ThreadLocalRandom.current().nextInt(total);
            int i = 0;
            if (total > 0) {
                while (pick >= Math.max(0, left.get(i).getWeight())) {
                    pick -= Math.max(0, left.get(i).getWeight());
                    i++;
                }
            }
            into.add(left.remove(i));
        }
    }

    public record Candidate(String alias, String provider, String upstreamModel) {
    }

    record Attempt(Candidate candidate, Outcome outcome) {
    }

    /** Progress through the candidates; the loop in call-provider runs while {@link #isActive()}. */
    public static final class Chain {
        final List<Candidate> candidates;
        final List<Attempt> attempts = new ArrayList<>();
        final long deadline;
        int index;
        int attemptsOnCurrent = 1;
        volatile boolean active = true;
        long retryDelayMillis;
        long attemptStarted = System.nanoTime();
        String earlierAttempts;

        Chain(List<Candidate> candidates, long deadline) {
            this.candidates = candidates;
            this.deadline = deadline;
        }

        Candidate current() {
            return candidates.get(index);
        }

        public boolean isActive() {
            return active;
        }

        public long getRetryDelayMillis() {
            return retryDelayMillis;
        }
    }
}
