package io.llmgateway.auth;

import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.EstimationProbe;
import io.llmgateway.auth.KeysProperties.Key;
import io.llmgateway.catalog.GatewayProperties;
import io.llmgateway.catalog.ModelCatalog;
import io.llmgateway.chat.ChatRequest;
import io.llmgateway.error.GatewayException;
import io.llmgateway.metrics.GatewayMetrics;
import io.llmgateway.usage.SpendLedger;
import io.llmgateway.usage.TokenCounter;
import io.llmgateway.usage.TokenUsage;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.camel.Exchange;
import org.springframework.stereotype.Component;

/**
 * What a gateway key may do, checked before the provider call: allowed models (403), message count
 * and max_tokens ceiling (400), requests and tokens per minute (429 with Retry-After), budget (429
 * budget_exceeded). Tokens per minute is checked with the prompt's estimate before the call and
 * charged with the real usage after it, so one large answer pushes the key's next requests back.
 */
@Component("keyPolicy")
public class KeyPolicy {

    private static final Duration MINUTE = Duration.ofMinutes(1);
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(KeyPolicy.class);
    /** Output tokens assumed for the worst case when neither max_tokens nor a context window bounds the answer. */
    static final int UNKNOWN_OUTPUT_LIMIT = 16_384;

    private final GatewayKeys keys;
    private final SpendLedger ledger;
    private final TokenCounter tokens;
    private final GatewayMetrics metrics;
    private final ModelCatalog catalog;
    /** Per key id; made when a key first needs one, made anew when its limit changes (keys are data now). */
    private final Map<String, Limited> requestBuckets = new ConcurrentHashMap<>();
    private final Map<String, Limited> tokenBuckets = new ConcurrentHashMap<>();

    public KeyPolicy(GatewayKeys keys, SpendLedger ledger, TokenCounter tokens, GatewayMetrics metrics, ModelCatalog catalog) {
        this.catalog = catalog;
        this.keys = keys;
        this.ledger = ledger;
        this.tokens = tokens;
        this.metrics = metrics;
    }

    private record Limited(Bucket bucket, int limit) {
    }

    /** The key's bucket for this per-minute limit; null (and forgotten) when the key has no such limit. */
    private Bucket bucket(Map<String, Limited> buckets, String id, Integer limit) {
        if (limit == null) {
            buckets.remove(id);
            return null;
        }
        Limited current = buckets.get(id);
        if (current == null || current.limit() != limit) {
            boolean tokens = buckets == tokenBuckets;
            current = buckets.compute(id, (k, old) -> old != null && old.limit() == limit ? old
                    : new Limited(restored(perMinute(limit), id, limit, tokens), limit));
        }
        return current.bucket();
    }

    /**
     * A new bucket starts with what the key used in the last minute before this run (the ledger), so
     * a restart does not hand out a fresh minute. Without the store it starts full, and says so.
     */
    private Bucket restored(Bucket bucket, String id, int limit, boolean tokens) {
        try {
            long used = Math.min(limit, ledger.recentUse(id, tokens));
            if (used > 0) {
                bucket.consumeIgnoringRateLimits(used);
            }
        } catch (RuntimeException e) {
            LOG.warn("Gateway key '{}': cannot read its last minute from the ledger, its {} per minute start afresh: {}", id,
                    tokens ? "tokens" : "requests", e.toString());
        }
        return bucket;
    }

    /** A bucket holding a minute's allowance, refilled smoothly (greedy) over the minute. */
    private static Bucket perMinute(long limit) {
        return Bucket.builder().addLimit(l -> l.capacity(limit).refillGreedy(limit, MINUTE)).build();
    }

    /**
     * The apply-key-policy step; a no-op when the gateway runs open. Body: the canonical chat request,
     * or another request (embeddings) that gets the model, budget and requests-per-minute checks only.
     */
    public void enforce(Exchange exchange) {
        String id = exchange.getProperty(GatewayKeys.KEY, String.class);
        if (id == null) {
            return;
        }
        Key key = keys.key(id);
        ChatRequest request = exchange.getIn().getBody() instanceof ChatRequest chat ? chat : null;
        String model = exchange.getProperty(ModelCatalog.MODEL, String.class);

        if (!key.getModels().isEmpty() && !key.getModels().contains(model)) {
            metrics.keyRejection(id, "model");
            throw new GatewayException(403, "invalid_request_error", "model_not_allowed", "model",
                    "The gateway key '" + id + "' may not use the model '" + model + "'. Allowed: " + key.getModels());
        }
        if (request != null && key.getMaxMessages() != null && request.messages.size() > key.getMaxMessages()) {
            metrics.keyRejection(id, "limits");
            throw GatewayException.invalidRequest("messages", "array_above_max_length",
                    "Too many messages: " + request.messages.size() + " > " + key.getMaxMessages() + " allowed for this key.");
        }
        if (request != null) {
            applyMaxTokens(id, key, request);
        }

        Bucket requestsBucket = bucket(requestBuckets, id, key.getRequestsPerMinute());
        Bucket tokensBucket = bucket(tokenBuckets, id, key.getTokensPerMinute());
        long promptEstimate = 0;
        if (tokensBucket != null && request != null) {
            promptEstimate = Math.min(tokens.countPrompt(exchange, request, exchange.getProperty(ModelCatalog.UPSTREAM_MODEL, String.class)),
                    key.getTokensPerMinute());
            EstimationProbe probe = tokensBucket.estimateAbilityToConsume(Math.max(1, promptEstimate));
            if (!probe.canBeConsumed()) {
                metrics.keyRejection(id, "tpm");
                throw rateLimited("tokens", "Rate limit reached for gateway key '" + id + "' on tokens per minute: limit "
                        + key.getTokensPerMinute() + ".", probe.getNanosToWaitForRefill());
            }
        }
        SpendLedger.Reservation reservation = reserveBudget(exchange, id, key, request, model);
        if (requestsBucket != null) {
            ConsumptionProbe probe = requestsBucket.tryConsumeAndReturnRemaining(1);
            if (!probe.isConsumed()) {
                ledger.release(reservation);
                metrics.keyRejection(id, "rpm");
                throw rateLimited("requests", "Rate limit reached for gateway key '" + id + "' on requests per minute: limit "
                        + key.getRequestsPerMinute() + ".", probe.getNanosToWaitForRefill());
            }
        }
    }

    /** Ends the request's budget reservation (after its charge, or when it ended without one); idempotent. */
    public void settle(Exchange exchange) {
        ledger.release(exchange.getProperty(SpendLedger.RESERVATION, SpendLedger.Reservation.class));
    }

    /** After the call: charge the key's tokens per minute and its budget with what the request really used. */
    public void charge(String id, TokenUsage usage, BigDecimal cost) {
        if (id == null) {
            return;
        }
        Key key = keys.key(id);
        if (key == null) {
            return;
        }
        Bucket tokensBucket = bucket(tokenBuckets, id, key.getTokensPerMinute());
        if (tokensBucket != null && usage.totalTokens() > 0) {
            tokensBucket.consumeIgnoringRateLimits(usage.totalTokens());
        }
        ledger.charge(id, key.getBudgetPeriod(), usage, cost);
    }

    /**
     * OpenAI's rate-limit headers for the key's answer (x-ratelimit-limit/remaining/reset-requests and
     * -tokens), read after the call was charged, so clients can pace themselves before a 429.
     */
    public void rateLimitHeaders(Exchange exchange) {
        String id = exchange.getProperty(GatewayKeys.KEY, String.class);
        if (id == null) {
            return;
        }
        Key key = keys.key(id);
        if (key == null) {
            return;
        }
        writeHeaders(exchange, "requests", bucket(requestBuckets, id, key.getRequestsPerMinute()), key.getRequestsPerMinute());
        writeHeaders(exchange, "tokens", bucket(tokenBuckets, id, key.getTokensPerMinute()), key.getTokensPerMinute());
    }

    private static void writeHeaders(Exchange exchange, String kind, Bucket bucket, Integer limit) {
        if (bucket == null) {
            return;
        }
        long available = bucket.getAvailableTokens();
        // greedy refill: the bucket is full again after (limit - available) / limit of a minute
        double resetSeconds = Math.max(0, limit - available) * 60.0 / limit;
        exchange.getIn().setHeader("x-ratelimit-limit-" + kind, limit);
        exchange.getIn().setHeader("x-ratelimit-remaining-" + kind, Math.max(0, available));
        exchange.getIn().setHeader("x-ratelimit-reset-" + kind, duration(resetSeconds));
    }

    /** As OpenAI writes it: 20ms, 1.5s, 6m0s. */
    static String duration(double seconds) {
        if (seconds < 1) {
            return Math.round(seconds * 1000) + "ms";
        }
        if (seconds < 60) {
            return java.math.BigDecimal.valueOf(seconds).setScale(3, java.math.RoundingMode.HALF_UP).stripTrailingZeros().toPlainString() + "s";
        }
        long whole = Math.round(seconds);
        return (whole / 60) + "m" + (whole % 60) + "s";
    }

    private void applyMaxTokens(String id, Key key, ChatRequest request) {
        Integer ceiling = key.getMaxTokens();
        if (ceiling == null) {
            return;
        }
        Integer asked = request.outputLimit();
        if (asked == null) {
            // No limit asked: the key's ceiling becomes the limit, so no answer runs past it.
            request.maxTokens = ceiling;
        } else if (asked > ceiling) {
            metrics.keyRejection(id, "limits");
            throw GatewayException.invalidRequest(request.maxCompletionTokens != null ? "max_completion_tokens" : "max_tokens",
                    "integer_above_max_value", "max_tokens is too large: " + asked + " > " + ceiling + " allowed for this key.");
        }
    }

    /**
     * Holds the request's worst-case cost against the key's budget until it is charged (record-usage)
     * or ends without a charge (record-request releases it): concurrent requests then cannot pass
     * on the same spend, and the budget is overshot by one worst case at most. 429 when used up.
     */
    private SpendLedger.Reservation reserveBudget(Exchange exchange, String id, Key key, ChatRequest request, String model) {
        if (key.getBudgetUsd() == null) {
            return null;
        }
        BigDecimal worstCase = worstCase(exchange, model, request, exchange.getProperty(ModelCatalog.UPSTREAM_MODEL, String.class));
        SpendLedger.Reservation reservation = ledger.reserve(id, key.getBudgetPeriod(), key.getBudgetUsd(), worstCase);
        if (reservation == null) {
            metrics.keyRejection(id, "budget");
            BigDecimal spent = ledger.spent(id, key.getBudgetPeriod());
            long untilReset = Duration.between(Instant.now(), ledger.periodEnd(key.getBudgetPeriod())).toSeconds() + 1;
            throw new GatewayException(429, "insufficient_quota", "budget_exceeded", null,
                    "The gateway key '" + id + "' has used its budget of $" + key.getBudgetUsd().toPlainString() + " for this "
                            + key.getBudgetPeriod().name().toLowerCase(java.util.Locale.ROOT) + " (spent $"
                            + spent.toPlainString() + (spent.compareTo(key.getBudgetUsd()) < 0 ? ", the rest held by requests in flight" : "")
                            + ").")
                    .withRetryAfter(untilReset);
        }
        exchange.setProperty(SpendLedger.RESERVATION, reservation);
        return reservation;
    }

    /**
     * The most the request can cost: the prompt's estimate at the input price plus its output limit
     * (max_tokens; else what the context window leaves; else {@value #UNKNOWN_OUTPUT_LIMIT}) at the
     * output price. Zero for a model without pricing, whose cost is unknown anyway.
     */
    BigDecimal worstCase(Exchange exchange, String modelName, ChatRequest request, String upstreamModel) {
        GatewayProperties.Model model = modelName == null ? null : catalog.model(modelName);
        if (model == null || model.getPricing() == null || request == null) {
            // no pricing: the cost is unknown anyway; no chat request (embeddings): no output to bound
            return BigDecimal.ZERO;
        }
        long prompt = tokens.countPrompt(exchange, request, upstreamModel);
        Integer limit = request.outputLimit();
        long output = limit != null ? limit
                : model.getContextWindow() > 0 ? Math.max(0, model.getContextWindow() - prompt) : UNKNOWN_OUTPUT_LIMIT;
        return model.getPricing().cost(new TokenUsage(prompt, 0, output, true));
    }

    private static GatewayException rateLimited(String type, String message, long nanosToWait) {
        long seconds = Math.max(1, (nanosToWait + 999_999_999L) / 1_000_000_000L);
        return new GatewayException(429, type, "rate_limit_exceeded", null,
                message + " Please try again in " + seconds + "s.").withRetryAfter(seconds);
    }
}
