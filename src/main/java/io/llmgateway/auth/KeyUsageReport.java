package io.llmgateway.auth;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import io.llmgateway.core.KeysProperties.Key;
import io.llmgateway.error.GatewayException;
import io.llmgateway.redis.SharedKeyLimits;
import io.llmgateway.store.PlainDecimal;
import io.llmgateway.usage.SpendLedger;
import java.math.BigDecimal;
import java.util.List;
import java.util.Locale;
import org.apache.camel.Exchange;
import org.springframework.stereotype.Component;

/** GET /admin/keys/{id}/usage: a key's spend, tokens and limits in its current budget period. */
@Component("keyUsageReport")
public class KeyUsageReport {

    private final GatewayKeys keys;
    private final SpendLedger ledger;
    private final SharedKeyLimits shared;

    public KeyUsageReport(GatewayKeys keys, SpendLedger ledger, SharedKeyLimits shared) {
        this.keys = keys;
        this.ledger = ledger;
        this.shared = shared;
    }

    /** Held by requests in flight: on every instance (Redis) when shared and reachable, else on this one. */
    private BigDecimal reserved(String id, Key key) {
        BigDecimal held = shared.configured() && key.getBudgetUsd() != null
                ? shared.held(id, key.getBudgetPeriod().name().toLowerCase(Locale.ROOT), ledger.periodStart(key.getBudgetPeriod()))
                : null;
        return held != null ? held : ledger.reserved(id);
    }

    public Report report(Exchange exchange) {
        String id = exchange.getIn().getHeader("id", String.class);
        Key key = id == null ? null : keys.key(id);
        if (key == null) {
            throw new GatewayException(404, "invalid_request_error", "key_not_found", "id",
                    "No gateway key with id '" + id + "'. Known: " + keys.ids());
        }
        SpendLedger.Snapshot usage = ledger.freshSnapshot(id, key.getBudgetPeriod());
        BigDecimal remaining = key.getBudgetUsd() == null ? null : key.getBudgetUsd().subtract(usage.spentUsd()).max(BigDecimal.ZERO);
        return new Report(id, key.getBudgetPeriod().name().toLowerCase(Locale.ROOT), usage.periodStart().toString(),
                ledger.periodEnd(key.getBudgetPeriod()).toString(), key.getBudgetUsd(), usage.spentUsd(), remaining,
                key.getBudgetUsd() != null && usage.spentUsd().compareTo(key.getBudgetUsd()) >= 0,
                reserved(id, key), usage, new Limits(key.getModels(), key.getRequestsPerMinute(), key.getTokensPerMinute(),
                key.getMaxTokens(), key.getMaxMessages()));
    }

    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record Report(String id,
                         String period,
                         @JsonProperty("period_start") String periodStart,
                         @JsonProperty("resets_at") String resetsAt,
                         @JsonProperty("budget_usd") @JsonSerialize(using = PlainDecimal.class) BigDecimal budgetUsd,
                         @JsonProperty("spent_usd") @JsonSerialize(using = PlainDecimal.class) BigDecimal spentUsd,
                         @JsonProperty("remaining_usd") @JsonSerialize(using = PlainDecimal.class) BigDecimal remainingUsd,
                         @JsonProperty("budget_exceeded") boolean budgetExceeded,
                         // worst cases held by requests in flight (budget reservations)
                         @JsonProperty("reserved_usd") @JsonSerialize(using = PlainDecimal.class) BigDecimal reservedUsd,
                         SpendLedger.Snapshot usage,
                         Limits limits) {
    }

    public record Limits(List<String> models,
                         @JsonProperty("requests_per_minute") Integer requestsPerMinute,
                         @JsonProperty("tokens_per_minute") Integer tokensPerMinute,
                         @JsonProperty("max_tokens") Integer maxTokens,
                         @JsonProperty("max_messages") Integer maxMessages) {
    }
}
