package io.llmgateway.redis;

import static io.llmgateway.redis.RedisScript.arg;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicBoolean;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * A gateway key's requests and tokens per minute and its budget holds in Redis, so every instance
 * counts against the same limits: one script (redis/key-limits.lua) admits a request in one round
 * trip and, without being waited for, charges what it used; KeyLimitBatches puts many requests'
 * admissions and charges in one call. Money travels as whole nano-USD.
 * The time is this instance's clock (a Clock bean when there is one; NTP keeps instances together).
 */
@Component
public class SharedKeyLimits {

    private static final RedisScript SCRIPT = RedisScript.load("key-limits");
    private static final String USE = "key-limits";
    /** As the in-process holds (usage/SpendLedger): longer than any request may last (15m by default). */
    private static final long HOLD_LIFETIME_MS = Duration.ofMinutes(30).toMillis();
    private static final byte[] NONE = arg("");
    private static final HoldIds HOLD_IDS = new HoldIds();

    private final RedisLink redis;
    private final Clock clock;
    private final KeyLimitBatches batches;

    @Autowired
    public SharedKeyLimits(RedisLink redis, ObjectProvider<Clock> clock) {
        this(redis, clock.getIfAvailable(Clock::systemUTC));
    }

    public SharedKeyLimits(RedisLink redis, Clock clock) {
        this.redis = redis;
        this.clock = clock;
        this.batches = new KeyLimitBatches(redis, SCRIPT, clock::millis);
    }

    /** What a request asks of its key; a limit of 0 and a null budget mean none; a prompt estimate of 0, no tokens check. */
    public record Ask(String keyId, int requestsPerMinute, int tokensPerMinute, long promptEstimate,
                      BigDecimal budgetUsd, BigDecimal worstCase, BigDecimal spentUsd, String period, LocalDate periodStart,
                      Instant periodEnd) {
    }

    /** The script's verdict: admitted (with what is left), or refused by rpm, tpm or budget. */
    public sealed interface Verdict permits Admission, Refusal {
    }

    /** refused by "rpm" or "tpm" (wait before the next try), or "budget" (spent: the shared spend). */
    public record Refusal(String limit, long waitMillis, BigDecimal spentUsd) implements Verdict {
    }

    /** An admitted request's part in Redis, until it is charged or released (once). */
    public static final class Admission implements Verdict {
        private final Ask ask;
        /** The hold's member in Redis ("id:nano-USD"); null without a budget. */
        private final String hold;
        private final long requestsLeft;
        private final long tokensLeft;
        private final AtomicBoolean ended = new AtomicBoolean();

        Admission(Ask ask, String hold, long requestsLeft, long tokensLeft) {
            this.ask = ask;
            this.hold = hold;
            this.requestsLeft = requestsLeft;
            this.tokensLeft = tokensLeft;
        }

        public long requestsLeft() {
            return requestsLeft;
        }

        /** Tokens left before this request's own use was charged. */
        public long tokensLeft() {
            return tokensLeft;
        }
    }

    /** Whether requests should ask Redis at all (configured; it may still fail and return null). */
    public boolean configured() {
        return redis.configured();
    }

    /** How many instances share the limits (1 without Redis): the in-process fallback divides by it. */
    public int instanceCount() {
        return redis.configured() ? redis.properties().getInstanceCount() : 1;
    }

    /** Admits or refuses the request across every instance; null when Redis cannot say (use the fallback). */
    public Verdict admit(Ask ask) {
        if (redis.async() == null) {
            redis.fellBack(USE);
            return null;
        }
        boolean budget = ask.budgetUsd() != null;
        String hold = budget ? HOLD_IDS.next() + ":" + nanos(ask.worstCase(), RoundingMode.CEILING) : null;
        KeyLimitBatches.Op admission = KeyLimitBatches.admission(keys(ask), ttl(ask),
                arg(ask.requestsPerMinute()), arg(ask.tokensPerMinute()), arg(ask.promptEstimate()),
                budget ? arg(nanos(ask.budgetUsd(), RoundingMode.FLOOR)) : arg(-1),
                arg(budget ? nanos(ask.spentUsd(), RoundingMode.HALF_UP) : 0),
                budget ? arg(hold) : NONE, arg(HOLD_LIFETIME_MS));
        batches.admit(admission);
        try {
            // it may wait for the batch in flight before its own goes: two command timeouts at most
            return verdict(ask, hold, admission.verdict().get(2 * redis.properties().getTimeout().toNanos(), TimeUnit.NANOSECONDS));
        } catch (ExecutionException e) {
            redis.fellBack(USE); // Redis was marked down where the batch failed (KeyLimitBatches)
            return null;
        } catch (TimeoutException e) {
            admission.verdict().cancel(false);
            redis.failed(USE, e);
            return null;
        } catch (InterruptedException e) {
            admission.verdict().cancel(false);
            Thread.currentThread().interrupt();
            redis.fellBack(USE);
            return null;
        }
    }

    /** What requests in flight on every instance hold of the key's budget; null when Redis cannot say. */
    public BigDecimal held(String keyId, String period, LocalDate periodStart) {
        String budget = keys(keyId, period, periodStart)[2];
        return redis.call(USE, commands -> {
            byte[] held = commands.hget(budget, "held");
            return held == null ? BigDecimal.ZERO : new BigDecimal(new String(held, StandardCharsets.UTF_8)).movePointLeft(9);
        }, () -> null);
    }

    /** After the call: the tokens it used and its cost, sent without waiting; ends its hold. Once. */
    public void charge(Admission admission, long tokens, BigDecimal cost) {
        end(admission, tokens, cost);
    }

    /** The request ended without a charge (failure, cancel): its hold ends. Once; after a charge, nothing. */
    public void release(Admission admission) {
        end(admission, 0, BigDecimal.ZERO);
    }

    private void end(Admission admission, long tokens, BigDecimal cost) {
        if (admission == null || !admission.ended.compareAndSet(false, true)) {
            return;
        }
        Ask ask = admission.ask;
        boolean chargesTokens = ask.tokensPerMinute() > 0 && tokens > 0;
        if (!chargesTokens && admission.hold == null) {
            return;
        }
        if (redis.async() == null) {
            redis.fellBack(USE);
            return;
        }
        // rides with the next admission batch; the sender's flush sends it within LINGER when none comes
        batches.charge(KeyLimitBatches.charge(keys(ask), ttl(ask), arg(ask.tokensPerMinute()), arg(tokens),
                admission.hold == null ? NONE : arg(admission.hold),
                arg(cost == null ? 0 : nanos(cost, RoundingMode.HALF_UP))));
        redis.send(USE, batches::flushCharges);
    }

    /** How long the key's budget entries live: past the period's end by a day. */
    private long ttl(Ask ask) {
        return Math.max(60, Duration.between(clock.instant(), ask.periodEnd()).toSeconds() + 86_400);
    }

    private String[] keys(Ask ask) {
        return keys(ask.keyId(), ask.period(), ask.periodStart());
    }

    /** The script's keys: requests bucket, tokens bucket, budget hash, holds; one hash tag per gateway key. */
    private String[] keys(String keyId, String budgetPeriod, LocalDate periodStart) {
        String slot = "key:" + keyId;
        String period = budgetPeriod + ":" + periodStart;
        return new String[] {redis.key(slot, "rpm"), redis.key(slot, "tpm"), redis.key(slot, "budget:" + period),
                redis.key(slot, "holds:" + period)};
    }

    private static Verdict verdict(Ask ask, String hold, List<Object> reply) {
        String outcome = text(reply.get(0));
        return switch (outcome) {
            case "ok" -> new Admission(ask, hold, Long.parseLong(text(reply.get(1))), Long.parseLong(text(reply.get(2))));
            case "budget" -> new Refusal(outcome, 0, new BigDecimal(text(reply.get(1))).movePointLeft(9));
            default -> new Refusal(outcome, ((Number) reply.get(1)).longValue(), null);
        };
    }

    private static String text(Object value) {
        return value instanceof byte[] raw ? new String(raw, StandardCharsets.UTF_8) : String.valueOf(value);
    }

    static long nanos(BigDecimal usd, RoundingMode rounding) {
        return usd == null ? 0 : usd.movePointRight(9).setScale(0, rounding).longValueExact();
    }

    /**
     * Hold ids unique across instances without a SecureRandom draw per request (UUID.randomUUID's
     * cost): this instance's random prefix and a counter.
     */
    static final class HoldIds {
        private final String prefix = Long.toHexString(ThreadLocalRandom.current().nextLong()) + "-";
        private final AtomicLong next = new AtomicLong();

        String next() {
            return prefix + Long.toHexString(next.incrementAndGet());
        }
    }
}
