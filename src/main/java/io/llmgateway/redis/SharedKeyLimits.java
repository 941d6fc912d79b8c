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
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicBoolean;
import jakarta.annotation.PreDestroy;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * A gateway key's requests and tokens per minute and its budget holds in Redis, so every instance
 * counts against the same limits: one script (redis/key-limits.lua) admits a request in one round
 * trip and, without being waited for, charges what it used; KeyLimitBatches puts many requests'
 * admissions and charges in one call. While a key is far from every limit, an admission also brings
 * a lease (KeyLease): requests this instance then admits by itself, already counted in Redis.
 * Money travels as whole nano-USD.
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
    /** Requests one lease admits (KeyLease): granted only while every limit has key-limits.lua's FAR times that left. */
    static final int LEASE_SIZE = 64;
    /** How long a lease is used at most: what other instances took meanwhile is seen at the next one. */
    static final Duration LEASE_TIME = Duration.ofSeconds(1);
    /** key-limits.lua's FAR: a lease's share of what was left when it was granted. */
    private static final int FAR = 16;

    private final RedisLink redis;
    private final Clock clock;
    private final KeyLimitBatches batches;
    /** By the key's budget entry (key and period): the lease this instance admits from. */
    private final Map<String, KeyLease> leases = new ConcurrentHashMap<>();
    /** Keys whose lease is being asked for: one request at a time asks. */
    private final Set<String> leasing = ConcurrentHashMap.newKeySet();

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
        /** The hold's member in Redis ("id:nano-USD"); null without a budget, or when admitted from a lease. */
        private final String hold;
        /** The lease it was admitted from, whose hold covers it; null when Redis admitted it. */
        private final KeyLease lease;
        private final long requestsLeft;
        private final long tokensLeft;
        private final AtomicBoolean ended = new AtomicBoolean();

        Admission(Ask ask, String hold, KeyLease lease, long requestsLeft, long tokensLeft) {
            this.ask = ask;
            this.hold = hold;
            this.lease = lease;
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
        boolean budget = ask.budgetUsd() != null;
        long worstCase = budget ? nanos(ask.worstCase(), RoundingMode.CEILING) : 0;
        String[] keys = keys(ask);
        Admission leased = fromLease(ask, keys[2], worstCase);
        if (leased != null) {
            return leased;
        }
        if (redis.async() == null) {
            redis.fellBack(USE);
            return null;
        }
        boolean asksLease = leasing.add(keys[2]);
        try {
            String hold = budget ? HOLD_IDS.next() + ":" + worstCase : null;
            String leaseHold = asksLease ? HOLD_IDS.next() + ":" + (budget ? LEASE_SIZE * worstCase * 2 : 0) : "";
            KeyLimitBatches.Op admission = KeyLimitBatches.admission(keys, ttl(ask),
                    arg(ask.requestsPerMinute()), arg(ask.tokensPerMinute()), arg(ask.promptEstimate()),
                    budget ? arg(nanos(ask.budgetUsd(), RoundingMode.FLOOR)) : arg(-1),
                    arg(budget ? nanos(ask.spentUsd(), RoundingMode.HALF_UP) : 0),
                    budget ? arg(hold) : NONE, arg(HOLD_LIFETIME_MS), arg(leaseHold), arg(asksLease ? LEASE_SIZE : 0));
            batches.admit(admission);
            List<Object> reply = awaitVerdict(admission);
            if (reply == null) {
                return null;
            }
            Verdict verdict = verdict(ask, hold, reply);
            if (verdict instanceof Admission admitted && reply.size() > 3 && ((Number) reply.get(3)).longValue() == 1) {
                startLease(ask, keys[2], leaseHold, worstCase, admitted);
            }
            return verdict;
        } finally {
            if (asksLease) {
                leasing.remove(keys[2]);
            }
        }
    }

    /** The admission's reply; null when Redis did not give one in time (the fallback answers). */
    private List<Object> awaitVerdict(KeyLimitBatches.Op admission) {
        try {
            // it may wait for the batch in flight before its own goes: two command timeouts at most
            return admission.verdict().get(2 * redis.properties().getTimeout().toNanos(), TimeUnit.NANOSECONDS);
        } catch (ExecutionException e) {
            redis.fellBack(USE); // Redis was marked down where the batch failed (KeyLimitBatches)
            return null;
        } catch (TimeoutException e) {
            admission.verdict().cancel(false);
            redis.down(e);
            redis.fellBack(USE);
            return null;
        } catch (InterruptedException e) {
            admission.verdict().cancel(false);
            Thread.currentThread().interrupt();
            redis.fellBack(USE);
            return null;
        }
    }

    /** Admitted from this instance's lease for the key, or null (no lease, or it has no room: Redis decides). */
    private Admission fromLease(Ask ask, String leaseKey, long worstCase) {
        KeyLease lease = leases.get(leaseKey);
        if (lease == null) {
            return null;
        }
        if (lease.take(clock.millis(), worstCase, ask.promptEstimate())) {
            return new Admission(ask, null, lease, lease.requestsLeft(), lease.tokensLeft());
        }
        endLease(leaseKey, lease);
        return null;
    }

    private void startLease(Ask ask, String leaseKey, String hold, long worstCase, Admission granted) {
        KeyLease lease = new KeyLease(ask, hold, clock.millis() + LEASE_TIME.toMillis(), LEASE_SIZE,
                ask.budgetUsd() != null ? LEASE_SIZE * worstCase * 2 : Long.MAX_VALUE,
                ask.tokensPerMinute() > 0 ? granted.tokensLeft() / FAR : Long.MAX_VALUE,
                granted.requestsLeft(), granted.tokensLeft());
        KeyLease previous = leases.put(leaseKey, lease);
        if (previous != null) {
            endLease(leaseKey, previous);
        }
        // an idle key's lease would keep its budget held: it ends at its expiry even without requests
        CompletableFuture.delayedExecutor(LEASE_TIME.toMillis(), TimeUnit.MILLISECONDS).execute(() -> endLease(leaseKey, lease));
    }

    /** At shutdown, before the sender sends what is queued (RedisLink goes after this bean): idle leases' holds end. */
    @PreDestroy
    void closeLeases() {
        leases.forEach(this::endLease);
    }

    /** No more requests from the lease; its budget hold is released now if none of its requests is running. */
    private void endLease(String leaseKey, KeyLease lease) {
        leases.remove(leaseKey, lease);
        if (lease.close()) {
            releaseLease(lease);
        }
    }

    /** Ends a lease's budget hold (its requests have all ended); its unused requests stay taken, as any lease's. */
    private void releaseLease(KeyLease lease) {
        Ask ask = lease.ask();
        if (ask.budgetUsd() == null) {
            return;
        }
        batches.charge(KeyLimitBatches.charge(keys(ask), ttl(ask), arg(0), arg(0), arg(lease.hold()), arg(0)));
        redis.send(USE, batches::flushCharges);
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
        long tokensUsed = ask.tokensPerMinute() > 0 ? tokens : 0;
        long spent = ask.budgetUsd() != null && cost != null ? nanos(cost, RoundingMode.HALF_UP) : 0;
        boolean releasesLease = admission.lease != null && admission.lease.ended();
        if (tokensUsed > 0 || spent > 0 || admission.hold != null) {
            if (redis.async() == null) {
                redis.fellBack(USE);
            } else {
                // rides with the next admission batch; the sender's flush sends it within LINGER when none comes
                batches.charge(KeyLimitBatches.charge(keys(ask), ttl(ask), arg(ask.tokensPerMinute()), arg(tokensUsed),
                        admission.hold == null ? NONE : arg(admission.hold), arg(spent)));
                redis.send(USE, batches::flushCharges);
            }
        }
        if (releasesLease) {
            releaseLease(admission.lease);
        }
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
            case "ok" -> new Admission(ask, hold, null, Long.parseLong(text(reply.get(1))), Long.parseLong(text(reply.get(2))));
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
