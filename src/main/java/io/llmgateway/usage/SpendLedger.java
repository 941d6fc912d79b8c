package io.llmgateway.usage;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.llmgateway.auth.KeysProperties.BudgetPeriod;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;

/**
 * Spend and tokens per gateway key in its current budget period (UTC day or month). Kept in
 * memory: a restart starts every key's period afresh.
 */
@Component
public class SpendLedger {

    private final Map<String, Account> accounts = new ConcurrentHashMap<>();
    private final Clock clock;

    public SpendLedger() {
        this(Clock.systemUTC());
    }

    SpendLedger(Clock clock) {
        this.clock = clock;
    }

    /** USD spent by the key in the period that contains now. */
    public BigDecimal spent(String keyId, BudgetPeriod period) {
        return account(keyId, period).snapshot().spentUsd;
    }

    public void charge(String keyId, BudgetPeriod period, TokenUsage usage, BigDecimal cost) {
        account(keyId, period).charge(usage, cost == null ? BigDecimal.ZERO : cost);
    }

    public Snapshot snapshot(String keyId, BudgetPeriod period) {
        return account(keyId, period).snapshot();
    }

    /** When the period containing now ends (the next UTC midnight or first of the month). */
    public Instant periodEnd(BudgetPeriod period) {
        return periodStart(period, 1).atStartOfDay(ZoneOffset.UTC).toInstant();
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

    /** One key's counters; a new period resets them. */
    private static final class Account {
        private LocalDate start;
        private BigDecimal spent = BigDecimal.ZERO;
        private long requests;
        private long inputTokens;
        private long cachedInputTokens;
        private long outputTokens;
        private long estimatedRequests;

        synchronized void roll(LocalDate periodStart) {
            if (!periodStart.equals(start)) {
                start = periodStart;
                spent = BigDecimal.ZERO;
                requests = inputTokens = cachedInputTokens = outputTokens = estimatedRequests = 0;
            }
        }

        synchronized void charge(TokenUsage usage, BigDecimal cost) {
            spent = spent.add(cost);
            requests++;
            inputTokens += usage.inputTokens();
            cachedInputTokens += usage.cachedInputTokens();
            outputTokens += usage.outputTokens();
            if (usage.estimated()) {
                estimatedRequests++;
            }
        }

        synchronized Snapshot snapshot() {
            return new Snapshot(start, spent, requests, inputTokens, cachedInputTokens, outputTokens, estimatedRequests);
        }
    }

    public record Snapshot(@com.fasterxml.jackson.annotation.JsonIgnore LocalDate periodStart,
                           @JsonProperty("spent_usd") @com.fasterxml.jackson.databind.annotation.JsonSerialize(using = PlainDecimal.class) BigDecimal spentUsd,
                           long requests,
                           @JsonProperty("input_tokens") long inputTokens,
                           @JsonProperty("cached_input_tokens") long cachedInputTokens,
                           @JsonProperty("output_tokens") long outputTokens,
                           @JsonProperty("estimated_requests") long estimatedRequests) {
    }
}
