package io.llmgateway.usage;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import io.llmgateway.error.GatewayException;
import io.llmgateway.store.LedgerEntry;
import io.llmgateway.store.LedgerQueries;
import io.llmgateway.store.LedgerQueries.Filter;
import io.llmgateway.store.LedgerQueries.Group;
import io.llmgateway.store.LedgerQueries.Position;
import io.llmgateway.store.PlainDecimal;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The ledger over the admin API: GET /admin/requests (history, filtered, paginated with an opaque
 * cursor) and GET /admin/spend (grouped sums), and the retention route's pruning. Query parameters
 * arrive as Camel headers.
 */
@Component("ledgerAdmin")
public class LedgerAdmin {

    private static final Logger LOG = LoggerFactory.getLogger(LedgerAdmin.class);
    private static final int DEFAULT_LIMIT = 50;
    private static final int MAX_LIMIT = 500;
    /** Most statements one retention run issues; the next run goes on where it stopped. */
    private static final int MAX_PRUNE_BATCHES = 100;

    private final LedgerQueries queries;
    private final LedgerProperties properties;
    private final Clock clock = Clock.systemUTC();

    public LedgerAdmin(LedgerQueries queries, LedgerProperties properties) {
        this.queries = queries;
        this.properties = properties;
    }

    /**
     * GET /admin/requests?key=&model=&provider=&status=&from=&to=&limit=&cursor= (model or alias: the
     * alias asked for; from/to ISO instants, to exclusive), newest first, at most 500 a page.
     */
    public Page requests(Exchange exchange) {
        Filter filter = new Filter(param(exchange, "key"),
                param(exchange, "model") != null ? param(exchange, "model") : param(exchange, "alias"), param(exchange, "provider"),
                integer(exchange, "status", null), instant(exchange, "from"), instant(exchange, "to"));
        int limit = Math.min(MAX_LIMIT, Math.max(1, integer(exchange, "limit", DEFAULT_LIMIT)));
        List<LedgerEntry> rows = queries.requests(filter, cursor(param(exchange, "cursor")), limit);
        String next = rows.size() < limit ? null : cursorOf(rows.getLast());
        return new Page("list", rows, next);
    }

    public record Page(String object, List<LedgerEntry> data, @JsonProperty("next_cursor") String nextCursor) {
    }

    /** GET /admin/spend?group_by=key,model,provider,day&from=YYYY-MM-DD&to=YYYY-MM-DD (UTC days, both included; default: this month). */
    public Spend spend(Exchange exchange) {
        List<String> groupBy = new ArrayList<>();
        String asked = param(exchange, "group_by");
        for (String dimension : (asked == null ? "key" : asked).split(",")) {
            String name = dimension.trim().equals("model") ? "alias" : dimension.trim(); // callers say model, the ledger alias
            if (!LedgerQueries.DIMENSIONS.containsKey(name)) {
                throw GatewayException.invalidRequest("group_by", "invalid_value", "group_by is a list of key, model, provider, day.");
            }
            if (!groupBy.contains(name)) {
                groupBy.add(name);
            }
        }
        LocalDate today = LocalDate.now(clock);
        LocalDate from = date(exchange, "from", today.withDayOfMonth(1));
        LocalDate to = date(exchange, "to", today);
        List<Group> groups = queries.spend(groupBy, from, to);
        BigDecimal total = groups.stream().map(Group::costUsd).reduce(BigDecimal.ZERO, BigDecimal::add);
        return new Spend("list", groupBy.stream().map(d -> d.equals("alias") ? "model" : d).toList(), from.toString(), to.toString(),
                total, groups.stream().map(SpendRow::of).toList());
    }

    public record Spend(String object,
                        @JsonProperty("group_by") List<String> groupBy,
                        String from,
                        String to,
                        @JsonProperty("total_cost_usd") @JsonSerialize(using = PlainDecimal.class) BigDecimal totalCostUsd,
                        List<SpendRow> data) {
    }

    public record SpendRow(String key, String model, String provider, String day, long requests, long errors,
                           @JsonProperty("input_tokens") long inputTokens,
                           @JsonProperty("cached_input_tokens") long cachedInputTokens,
                           @JsonProperty("output_tokens") long outputTokens,
                           @JsonProperty("cost_usd") @JsonSerialize(using = PlainDecimal.class) BigDecimal costUsd) {
        static SpendRow of(Group group) {
            Map<String, Object> by = group.by();
            return new SpendRow(text(by.get("key")), text(by.get("alias")), text(by.get("provider")), text(by.get("day")),
                    group.requests(), group.errors(), group.inputTokens(), group.cachedInputTokens(), group.outputTokens(),
                    group.costUsd());
        }

        private static String text(Object value) {
            return value == null ? null : value.toString();
        }
    }

    /** The ledger-retention route: rows older than gateway.ledger.retention go, a small batch per statement. */
    public int prune() {
        Instant cutoff = Instant.now(clock).minus(properties.getRetention());
        int deleted = 0;
        for (int i = 0; i < MAX_PRUNE_BATCHES; i++) {
            int batch = queries.prune(cutoff, properties.getPruneBatchSize());
            deleted += batch;
            if (batch < properties.getPruneBatchSize()) {
                break;
            }
        }
        if (deleted > 0) {
            LOG.info("Ledger retention: {} rows older than {} deleted", deleted, properties.getRetention());
        }
        return deleted;
    }

    private static String cursorOf(LedgerEntry last) {
        String position = last.finishedAt() + "|" + last.entryId();
        return Base64.getUrlEncoder().withoutPadding().encodeToString(position.getBytes(StandardCharsets.UTF_8));
    }

    private static Position cursor(String cursor) {
        if (cursor == null) {
            return null;
        }
        try {
            String position = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
            int bar = position.indexOf('|');
            return new Position(Instant.parse(position.substring(0, bar)), position.substring(bar + 1));
        } catch (IllegalArgumentException | DateTimeParseException | StringIndexOutOfBoundsException e) {
            throw GatewayException.invalidRequest("cursor", "invalid_value", "cursor is the next_cursor of a previous page.");
        }
    }

    private static String param(Exchange exchange, String name) {
        String value = exchange.getIn().getHeader(name, String.class);
        return value == null || value.isBlank() ? null : value.trim();
    }

    private static Integer integer(Exchange exchange, String name, Integer otherwise) {
        String value = param(exchange, name);
        try {
            return value == null ? otherwise : Integer.valueOf(value);
        } catch (NumberFormatException e) {
            throw GatewayException.invalidRequest(name, "invalid_value", name + " is a whole number.");
        }
    }

    private static Instant instant(Exchange exchange, String name) {
        String value = param(exchange, name);
        try {
            return value == null ? null : Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw GatewayException.invalidRequest(name, "invalid_value", name + " is an ISO-8601 instant such as 2026-12-01T00:00:00Z.");
        }
    }

    private static LocalDate date(Exchange exchange, String name, LocalDate otherwise) {
        String value = param(exchange, name);
        try {
            return value == null ? otherwise : LocalDate.parse(value);
        } catch (DateTimeParseException e) {
            throw GatewayException.invalidRequest(name, "invalid_value", name + " is a UTC day such as 2026-12-01.");
        }
    }
}
