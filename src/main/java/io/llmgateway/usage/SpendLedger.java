package io.llmgateway.usage;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import io.llmgateway.core.KeysProperties.BudgetPeriod;
import io.llmgateway.store.LedgerRows;
import io.llmgateway.store.LedgerRows.Totals;
import io.llmgateway.store.PlainDecimal;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Spend and tokens per gateway key in its current budget period (UTC day or month), from the
 * ledger: the rows of earlier runs and other instances (read from the store, at most a second old)
 * plus this run's own charges, kept in memory from the moment they are made, so rows still queued
 * for the store count at once. A restart therefore keeps every key's spend. Budget reservations
 * (worst cases of requests in flight) live here too, so admission and spend are checked together.
 */
@Component
public class SpendLedger {

    private static final long OTHERS_MAX_AGE_NANOS = 1_000_000_000L;
    /**
     * A reservation nobody released (a door that never reached record-request) stops counting after
     * this, longer than any request may last (spring.mvc.async.request-timeout, 15m by default).
     */
    private static final long RESERVATION_LIFETIME_NANOS = java.time.Duration.ofMinutes(30).toNanos();

    private final Map<String, Account> accounts = new ConcurrentHashMap<>();
    private final LedgerRows rows;
    private final Clock clock;

    @Autowired
    public SpendLedger(LedgerRows rows) {
        this(rows, Clock.systemUTC());
    }

    SpendLedger(LedgerRows rows, Clock clock) {
        this.rows = rows;
        this.clock = clock;
    }

    /** USD spent by the key in the period that contains now. */
    public BigDecimal spent(String keyId, BudgetPeriod period) {
        return snapshot(keyId, period).spentUsd();
    }

    /** This run's charge: in memory now; its ledger row reaches the store with the next flush. */
    public void charge(String keyId, BudgetPeriod period, TokenUsage usage, BigDecimal cost) {
        account(keyId, period).charge(new Totals(cost == null ? BigDecimal.ZERO : cost, 1, usage.inputTokens(),
                usage.cachedInputTokens(), usage.outputTokens(), usage.estimated() ? 1 : 0));
    }

    public Snapshot snapshot(String keyId, BudgetPeriod period) {
        return snapshot(keyId, period, false);
    }

    /**
     * The key's spend with the other runs' rows read now, not the figure admissions use (which may
     * be up to ten query-times old under load): for the admin API, where exact beats cheap.
     */
    public Snapshot freshSnapshot(String keyId, BudgetPeriod period) {
        return snapshot(keyId, period, true);
    }

    private Snapshot snapshot(String keyId, BudgetPeriod period, boolean fresh) {
        Account account = account(keyId, period);
        Totals all = (fresh ? readOthers(keyId, account, System.nanoTime()) : othersOf(keyId, account)).plus(account.local());
        return new Snapshot(account.start(), all.costUsd(), all.requests(), all.inputTokens(), all.cachedInputTokens(),
                all.outputTokens(), all.estimatedRequests());
    }

    /**
     * Admission against a budget: when spent plus what the requests in flight reserved is still below
     * the budget, this request's worst case is reserved and returned; null when the budget is used up.
     * Check and reservation are one step, so concurrent requests cannot all pass on the same figure:
     * the spend ends at most one worst case above the budget.
     */
    public Reservation reserve(String keyId, BudgetPeriod period, BigDecimal budget, BigDecimal worstCase) {
        Account account = account(keyId, period);
        Totals others = othersOf(keyId, account);
        return account.reserve(others.costUsd(), budget, worstCase);
    }

    /** Settles (after the charge) or releases (failure, cancel) a reservation; a second call does nothing. */
    public void release(Reservation reservation) {
        if (reservation != null) {
            reservation.account.release(reservation);
        }
    }

    /** What requests in flight hold of the key's budget now. */
    public BigDecimal reserved(String keyId) {
        Account account = accounts.get(keyId);
        return account == null ? BigDecimal.ZERO : account.reserved();
    }

    /**
     * How much of a per-minute window the key's requests before this run still hold: each use counts
     * in proportion to how much of the minute is left, as a smoothly refilled bucket would have it.
     * For the restarted instance's first bucket of the key; requests or tokens.
     */
    public long recentUse(String keyId, boolean tokens) {
        Instant now = clock.instant();
        double held = 0;
        for (LedgerRows.Use use : rows.othersRecentUse(keyId, now.minusSeconds(60))) {
            double left = 1 - java.time.Duration.between(use.finishedAt(), now).toMillis() / 60_000.0;
            held += Math.max(0, left) * (tokens ? use.tokens() : 1);
        }
        return (long) Math.floor(held);
    }

    /** When the period containing now ends (the next UTC midnight or first of the month). */
    public Instant periodEnd(BudgetPeriod period) {
        return periodStart(period, 1).atStartOfDay(ZoneOffset.UTC).toInstant();
    }

    /** The first day of the period containing now (UTC). */
    public LocalDate periodStart(BudgetPeriod period) {
        return periodStart(period, 0);
    }

    private LocalDate periodStart(BudgetPeriod period, int offset) {
        LocalDate today = LocalDate.now(clock.withZone(ZoneOffset.UTC));
        return period == BudgetPeriod.DAY ? today.plusDays(offset) : today.withDayOfMonth(1).plusMonths(offset);
    }

    private Account account(String keyId, BudgetPeriod period) {
        Account account = accounts.computeIfAbsent(keyId, id -> new Account());
        account.roll(periodStart(period, 0));
        return account;
    }

    /**
     * The other runs' totals for the account's period, read again when older than a second. One
     * request reads them while the others go on with the figure they have (the query's cost grows
     * with the key's rows in the period), and the next read waits at least ten times as long as the
     * last one took, so the query never takes more than a tenth of a core however large the ledger.
     */
    private Totals othersOf(String keyId, Account account) {
        Account.Others cached = account.others();
        long now = System.nanoTime();
        if (cached != null && now - cached.readAt() < Math.max(OTHERS_MAX_AGE_NANOS, 10 * cached.tookNanos())) {
            return cached.totals();
        }
        boolean mine = account.startRefresh();
        if (!mine && cached != null) {
            return cached.totals();
        }
        try {
            return readOthers(keyId, account, now);
        } finally {
            if (mine) {
                account.endRefresh();
            }
        }
    }

    private Totals readOthers(String keyId, Account account, long startedAt) {
        LocalDate start = account.start();
        Totals fresh = rows.othersTotals(keyId, start.atStartOfDay(ZoneOffset.UTC).toInstant());
        long readAt = System.nanoTime();
        account.setOthers(start, new Account.Others(fresh, readAt, readAt - startedAt));
        return fresh;
    }

    /** A request's hold on its key's budget until it is charged or fails. */
    public static final class Reservation {
        private final Account account;
        private final BigDecimal amount;
        private final long madeAt = System.nanoTime();

        private Reservation(Account account, BigDecimal amount) {
            this.account = account;
            this.amount = amount;
        }

        public BigDecimal amount() {
            return amount;
        }
    }

    /** One key's counters; a new period resets this run's part and re-reads the others'. */
    private static final class Account {
        record Others(Totals totals, long readAt, long tookNanos) {
        }

        private LocalDate start;
        private Totals local = Totals.ZERO;
        private Others others;
        /** Whether a request is reading the others' totals now (the rest keep the figure they have). */
        private final AtomicBoolean refreshing = new AtomicBoolean();

        boolean startRefresh() {
            return refreshing.compareAndSet(false, true);
        }

        void endRefresh() {
            refreshing.set(false);
        }

        private final Set<Reservation> reservations = Collections.newSetFromMap(new IdentityHashMap<>());
        private BigDecimal reserved = BigDecimal.ZERO;

        synchronized void roll(LocalDate periodStart) {
            if (!periodStart.equals(start)) {
                start = periodStart;
                local = Totals.ZERO;
                others = null;
            }
        }

        synchronized LocalDate start() {
            return start;
        }

        synchronized Totals local() {
            return local;
        }

        synchronized Others others() {
            return others;
        }

        synchronized void setOthers(LocalDate periodStart, Others fresh) {
            if (periodStart.equals(start)) {
                others = fresh;
            }
        }

        synchronized void charge(Totals charge) {
            local = local.plus(charge);
        }

        synchronized Reservation reserve(BigDecimal othersSpent, BigDecimal budget, BigDecimal worstCase) {
            long now = System.nanoTime();
            reservations.removeIf(stale -> {
                boolean expired = now - stale.madeAt > RESERVATION_LIFETIME_NANOS;
                if (expired) {
                    reserved = reserved.subtract(stale.amount);
                }
                return expired;
            });
            if (othersSpent.add(local.costUsd()).add(reserved).compareTo(budget) >= 0) {
                return null;
            }
            Reservation reservation = new Reservation(this, worstCase);
            reservations.add(reservation);
            reserved = reserved.add(worstCase);
            return reservation;
        }

        synchronized void release(Reservation reservation) {
            if (reservations.remove(reservation)) {
                reserved = reserved.subtract(reservation.amount);
            }
        }

        synchronized BigDecimal reserved() {
            return reserved;
        }
    }

    public record Snapshot(@JsonIgnore LocalDate periodStart,
                           @JsonProperty("spent_usd") @JsonSerialize(using = PlainDecimal.class) BigDecimal spentUsd,
                           long requests,
                           @JsonProperty("input_tokens") long inputTokens,
                           @JsonProperty("cached_input_tokens") long cachedInputTokens,
                           @JsonProperty("output_tokens") long outputTokens,
                           @JsonProperty("estimated_requests") long estimatedRequests) {
    }
}
