package io.llmgateway.auth;

import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.EstimationProbe;
import io.llmgateway.catalog.ModelCatalog;
import io.llmgateway.chat.ChatRequest;
import io.llmgateway.core.ExchangeProperties;
import io.llmgateway.core.GatewayProperties;
import io.llmgateway.core.KeysProperties.Key;
import io.llmgateway.embeddings.EmbeddingRequest;
import io.llmgateway.error.GatewayException;
import io.llmgateway.metrics.GatewayMetrics;
import io.llmgateway.redis.SharedKeyLimits;
import io.llmgateway.usage.KeyCharges;
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
 * With gateway.redis.url the three are counted in Redis for every instance at once (SharedKeyLimits);
 * while Redis is unreachable each instance counts on its own, its per-minute limits divided by
 * gateway.redis.instance-count, and its budget holds its own (spend still comes from the ledger).
 */
@Component("keyPolicy")
public class KeyPolicy implements KeyCharges {

    private static final Duration MINUTE = Duration.ofMinutes(1);
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(KeyPolicy.class);
    /** Output tokens assumed for the worst case when neither max_tokens nor a context window bounds the answer. */
    static final int UNKNOWN_OUTPUT_LIMIT = 16_384;

    private final GatewayKeys keys;
    private final SpendLedger ledger;
    private final TokenCounter tokens;
    private final GatewayMetrics metrics;
    private final ModelCatalog catalog;
    private final SharedKeyLimits shared;
    private final int instanceCount;
    /** Per key id; made when a key first needs one, made anew when its limit changes (keys are data now). */
    private final Map<String, Limited> requestBuckets = new ConcurrentHashMap<>();
    private final Map<String, Limited> tokenBuckets = new ConcurrentHashMap<>();

    public KeyPolicy(GatewayKeys keys, SpendLedger ledger, TokenCounter tokens, GatewayMetrics metrics, ModelCatalog catalog,
                     SharedKeyLimits shared) {
        this.catalog = catalog;
        this.shared = shared;
        this.instanceCount = shared.instanceCount();
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
        String id = exchange.getProperty(ExchangeProperties.KEY, String.class);
        if (id == null) {
            return;
        }
        Key key = keys.key(id);
        ChatRequest request = exchange.getIn().getBody() instanceof ChatRequest chat ? chat : null;
        String model = exchange.getProperty(ExchangeProperties.MODEL, String.class);

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
        if (shared.configured() && admittedByRedis(exchange, id, key, request, model)) {
            return;
        }

        Bucket requestsBucket = bucket(requestBuckets, id, perInstance(key.getRequestsPerMinute()));
        Bucket tokensBucket = bucket(tokenBuckets, id, perInstance(key.getTokensPerMinute()));
        if (tokensBucket != null && request != null) {
            EstimationProbe probe = tokensBucket.estimateAbilityToConsume(Math.max(1, promptEstimate(exchange, key, request)));
            if (!probe.canBeConsumed()) {
                throw tokensRefused(id, key, probe.getNanosToWaitForRefill());
            }
        }
        SpendLedger.Reservation reservation = reserveBudget(exchange, id, key, request, model);
        if (requestsBucket != null) {
            ConsumptionProbe probe = requestsBucket.tryConsumeAndReturnRemaining(1);
            if (!probe.isConsumed()) {
                ledger.release(reservation);
                throw requestsRefused(id, key, probe.getNanosToWaitForRefill());
            }
        }
    }

    /**
     * The key's per-minute limits and budget checked in Redis, for every instance at once; true when
     * admitted there, false when Redis could not answer (the in-process checks follow). Throws the
     * same 429s as the in-process checks.
     */
    private boolean admittedByRedis(Exchange exchange, String id, Key key, ChatRequest request, String model) {
        Integer rpm = key.getRequestsPerMinute();
        Integer tpm = key.getTokensPerMinute();
        BigDecimal budget = key.getBudgetUsd();
        if (rpm == null && tpm == null && budget == null) {
            return true;
        }
        // as in process: the tokens check needs a chat request (at least 1 token), embeddings skip it
        long estimate = tpm != null && request != null ? Math.max(1, promptEstimate(exchange, key, request)) : 0;
        BigDecimal worstCase = budget == null ? null
                : worstCase(exchange, model, request, exchange.getProperty(ExchangeProperties.UPSTREAM_MODEL, String.class));
        BigDecimal spent = budget == null ? null : ledger.spent(id, key.getBudgetPeriod());
        SharedKeyLimits.Verdict verdict = shared.admit(new SharedKeyLimits.Ask(id, rpm == null ? 0 : rpm, tpm == null ? 0 : tpm,
                estimate, budget, worstCase, spent, key.getBudgetPeriod().name().toLowerCase(java.util.Locale.ROOT),
                ledger.periodStart(key.getBudgetPeriod()), ledger.periodEnd(key.getBudgetPeriod())));
        if (verdict instanceof SharedKeyLimits.Admission admission) {
            exchange.setProperty(ExchangeProperties.SHARED_ADMISSION, admission);
            return true;
        }
        if (verdict instanceof SharedKeyLimits.Refusal refusal) {
            long waitNanos = Duration.ofMillis(refusal.waitMillis()).toNanos();
            throw switch (refusal.limit()) {
                case "tpm" -> tokensRefused(id, key, waitNanos);
                case "rpm" -> requestsRefused(id, key, waitNanos);
                default -> budgetExceeded(id, key, refusal.spentUsd());
            };
        }
        return false;
    }

    /** A per-minute limit as this instance enforces it alone: divided among the instances while Redis is away. */
    private Integer perInstance(Integer limit) {
        if (limit == null || instanceCount == 1) {
            return limit;
        }
        return Math.max(1, limit / instanceCount);
    }

    private long promptEstimate(Exchange exchange, Key key, ChatRequest request) {
        return Math.min(tokens.countPrompt(exchange, request, exchange.getProperty(ExchangeProperties.UPSTREAM_MODEL, String.class)),
                key.getTokensPerMinute());
    }

    private GatewayException tokensRefused(String id, Key key, long nanosToWait) {
        metrics.keyRejection(id, "tpm");
        return rateLimited("tokens", "Rate limit reached for gateway key '" + id + "' on tokens per minute: limit "
                + key.getTokensPerMinute() + ".", nanosToWait);
    }

    private GatewayException requestsRefused(String id, Key key, long nanosToWait) {
        metrics.keyRejection(id, "rpm");
        return rateLimited("requests", "Rate limit reached for gateway key '" + id + "' on requests per minute: limit "
                + key.getRequestsPerMinute() + ".", nanosToWait);
    }

    @Override
    public void settle(Exchange exchange) {
        shared.release(exchange.getProperty(ExchangeProperties.SHARED_ADMISSION, SharedKeyLimits.Admission.class));
        ledger.release(exchange.getProperty(ExchangeProperties.BUDGET_RESERVATION, SpendLedger.Reservation.class));
    }

    /**
     * After the call: charge the key's tokens per minute and its budget with what the request really
     * used, where it was admitted (Redis or this instance); the ledger records it either way.
     */
    @Override
    public void charge(Exchange exchange, TokenUsage usage, BigDecimal cost) {
        String id = exchange.getProperty(ExchangeProperties.KEY, String.class);
        if (id == null) {
            return;
        }
        Key key = keys.key(id);
        if (key == null) {
            return;
        }
        SharedKeyLimits.Admission admission = exchange.getProperty(ExchangeProperties.SHARED_ADMISSION, SharedKeyLimits.Admission.class);
        if (admission != null) {
            shared.charge(admission, usage.totalTokens(), cost);
        } else {
            Bucket tokensBucket = bucket(tokenBuckets, id, perInstance(key.getTokensPerMinute()));
            if (tokensBucket != null && usage.totalTokens() > 0) {
                tokensBucket.consumeIgnoringRateLimits(usage.totalTokens());
            }
        }
        ledger.charge(id, key.getBudgetPeriod(), usage, cost);
    }

    /**
     * OpenAI's rate-limit headers for the key's answer (x-ratelimit-limit/remaining/reset-requests and
     * -tokens), read after the call was charged, so clients can pace themselves before a 429.
     */
    public void rateLimitHeaders(Exchange exchange) {
        String id = exchange.getProperty(ExchangeProperties.KEY, String.class);
        if (id == null) {
            return;
        }
        Key key = keys.key(id);
        if (key == null) {
            return;
        }
        SharedKeyLimits.Admission admission = exchange.getProperty(ExchangeProperties.SHARED_ADMISSION, SharedKeyLimits.Admission.class);
        if (admission != null) {
            // as Redis counted them at admission (the tokens before this request's own use)
            writeHeaders(exchange, "requests", admission.requestsLeft(), key.getRequestsPerMinute());
            writeHeaders(exchange, "tokens", admission.tokensLeft(), key.getTokensPerMinute());
            return;
        }
        writeHeaders(exchange, "requests", bucket(requestBuckets, id, perInstance(key.getRequestsPerMinute())), key.getRequestsPerMinute());
        writeHeaders(exchange, "tokens", bucket(tokenBuckets, id, perInstance(key.getTokensPerMinute())), key.getTokensPerMinute());
    }

    private static void writeHeaders(Exchange exchange, String kind, Bucket bucket, Integer limit) {
        if (bucket != null) {
            writeHeaders(exchange, kind, bucket.getAvailableTokens(), limit);
        }
    }

    private static void writeHeaders(Exchange exchange, String kind, long available, Integer limit) {
        if (limit == null) {
            return;
        }
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
        String upstreamModel = exchange.getProperty(ExchangeProperties.UPSTREAM_MODEL, String.class);
        BigDecimal worstCase = exchange.getIn().getBody() instanceof EmbeddingRequest embeddings
                ? embeddingsCost(model, embeddings, upstreamModel) : worstCase(exchange, model, request, upstreamModel);
        SpendLedger.Reservation reservation = ledger.reserve(id, key.getBudgetPeriod(), key.getBudgetUsd(), worstCase);
        if (reservation == null) {
            throw budgetExceeded(id, key, ledger.spent(id, key.getBudgetPeriod()));
        }
        exchange.setProperty(ExchangeProperties.BUDGET_RESERVATION, reservation);
        return reservation;
    }

    private GatewayException budgetExceeded(String id, Key key, BigDecimal spent) {
        metrics.keyRejection(id, "budget");
        long untilReset = Duration.between(Instant.now(), ledger.periodEnd(key.getBudgetPeriod())).toSeconds() + 1;
        return new GatewayException(429, "insufficient_quota", "budget_exceeded", null,
                "The gateway key '" + id + "' has used its budget of $" + key.getBudgetUsd().toPlainString() + " for this "
                        + key.getBudgetPeriod().name().toLowerCase(java.util.Locale.ROOT) + " (spent $"
                        + spent.stripTrailingZeros().toPlainString()
                        + (spent.compareTo(key.getBudgetUsd()) < 0 ? ", the rest held by requests in flight" : "") + ").")
                .withRetryAfter(untilReset);
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
        return model.getPricing().cost(prompt, 0, output);
    }

    /** An embeddings request's cost is known before the call: its inputs' tokens at the input price. */
    private BigDecimal embeddingsCost(String modelName, EmbeddingRequest request, String upstreamModel) {
        GatewayProperties.Model model = modelName == null ? null : catalog.model(modelName);
        if (model == null || model.getPricing() == null) {
            return BigDecimal.ZERO;
        }
        return model.getPricing().cost(tokens.countInputs(request, upstreamModel), 0, 0);
    }

    private static GatewayException rateLimited(String type, String message, long nanosToWait) {
        long seconds = Math.max(1, (nanosToWait + 999_999_999L) / 1_000_000_000L);
        return new GatewayException(429, type, "rate_limit_exceeded", null,
                message + " Please try again in " + seconds + "s.").withRetryAfter(seconds);
    }
}
