package io.llmgateway.store;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The spend_daily table (V3__spend_daily.sql): the ledger's sums per UTC day, key, alias, provider
 * and API, which GET /admin/spend reads instead of the ledger's rows. The ledger writer adds to it in
 * the transaction that inserts the rows, so it never disagrees with them. The one statement that
 * differs by database is the upsert: PostgreSQL's INSERT ... ON CONFLICT, the standard MERGE elsewhere
 * (H2; PostgreSQL only has MERGE from 15).
 */
@Component
public class SpendRollup {

    private static final String COLUMNS = "ledger_day, key_id, alias, provider, api, requests, errors, input_tokens, "
            + "cached_input_tokens, output_tokens, cost_usd";
    private static final String KEY = "ledger_day, key_id, alias, provider, api";
    private static final List<String> SUMS = List.of("requests", "errors", "input_tokens", "cached_input_tokens", "output_tokens",
            "cost_usd");

    private static final String POSTGRES_UPSERT = "INSERT INTO spend_daily (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
            + " ON CONFLICT (" + KEY + ") DO UPDATE SET "
            + String.join(", ", SUMS.stream().map(c -> c + " = spend_daily." + c + " + EXCLUDED." + c).toList());

    private static final String MERGE = "MERGE INTO spend_daily d USING (VALUES (CAST(? AS DATE), CAST(? AS VARCHAR(100)),"
            + " CAST(? AS VARCHAR(200)), CAST(? AS VARCHAR(100)), CAST(? AS VARCHAR(20)), CAST(? AS BIGINT), CAST(? AS BIGINT),"
            + " CAST(? AS BIGINT), CAST(? AS BIGINT), CAST(? AS BIGINT), CAST(? AS NUMERIC(24, 10)))) AS s (" + COLUMNS + ")"
            + " ON d.ledger_day = s.ledger_day AND d.key_id = s.key_id AND d.alias = s.alias AND d.provider = s.provider AND d.api = s.api"
            + " WHEN MATCHED THEN UPDATE SET " + String.join(", ", SUMS.stream().map(c -> c + " = d." + c + " + s." + c).toList())
            + " WHEN NOT MATCHED THEN INSERT (" + COLUMNS + ") VALUES (s." + COLUMNS.replace(", ", ", s.") + ")";

    private final JdbcTemplate template;
    private volatile String upsert;

    public SpendRollup(JdbcTemplate template) {
        this.template = template;
    }

    /** One rollup row's key; '' for a dimension the request did not have (key columns cannot be null). */
    public record Group(LocalDate day, String keyId, String alias, String provider, String api) {
        static final Comparator<Group> ORDER = Comparator.comparing(Group::day).thenComparing(Group::keyId)
                .thenComparing(Group::alias).thenComparing(Group::provider).thenComparing(Group::api);

        public static Group of(LedgerEntry entry) {
            return new Group(entry.finishedAt().atOffset(ZoneOffset.UTC).toLocalDate(), blank(entry.keyId()), blank(entry.alias()),
                    blank(entry.provider()), blank(entry.api()));
        }

        private static String blank(String value) {
            return value == null ? "" : value;
        }
    }

    /** Sums to add to groups, in a fixed order: two writers never lock the same rows in opposite orders. Not thread-safe. */
    public static final class Tally {
        private final Map<Group, long[]> counts = new TreeMap<>(Group.ORDER);
        private final Map<Group, BigDecimal> costs = new TreeMap<>(Group.ORDER);

        public static Tally of(List<LedgerEntry> entries) {
            Tally tally = new Tally();
            entries.forEach(tally::add);
            return tally;
        }

        public void add(LedgerEntry e) {
            add(Group.of(e), 1, e.status() >= 400 ? 1 : 0, e.inputTokens(), e.cachedInputTokens(), e.outputTokens(), e.costUsd());
        }

        /** Requests that have no ledger row of their own (refusals beyond the sampled ones): counted here only. */
        public void addUnrecorded(Group group, long requests, long errors) {
            add(group, requests, errors, 0, 0, 0, null);
        }

        public void addAll(Tally other) {
            other.counts.forEach((group, c) -> add(group, c[0], c[1], c[2], c[3], c[4], other.costs.get(group)));
        }

        public boolean isEmpty() {
            return counts.isEmpty();
        }

        private void add(Group group, long requests, long errors, long input, long cached, long output, BigDecimal cost) {
            long[] c = counts.computeIfAbsent(group, g -> new long[5]);
            c[0] += requests;
            c[1] += errors;
            c[2] += input;
            c[3] += cached;
            c[4] += output;
            costs.merge(group, cost == null ? BigDecimal.ZERO : cost, BigDecimal::add);
        }
    }

    /** Adds the tally to spend_daily; call inside the transaction that inserts its rows. */
    public void add(Tally tally) {
        if (tally.isEmpty()) {
            return;
        }
        List<Object[]> args = new ArrayList<>(tally.counts.size());
        tally.counts.forEach((g, c) -> args.add(new Object[] {g.day(), g.keyId(), g.alias(), g.provider(), g.api(), c[0], c[1], c[2],
                c[3], c[4], tally.costs.get(g)}));
        template.batchUpdate(upsert(), args);
    }

    /** Deletes the days before {@code day}: once their ledger rows are gone (retention). */
    public int pruneBefore(LocalDate day) {
        return template.update("DELETE FROM spend_daily WHERE ledger_day < ?", day);
    }

    private String upsert() {
        String sql = upsert;
        if (sql == null) {
            sql = template.execute((Connection connection) -> isPostgres(connection) ? POSTGRES_UPSERT : MERGE);
            upsert = sql;
        }
        return sql;
    }

    private static boolean isPostgres(Connection connection) throws SQLException {
        return connection.getMetaData().getDatabaseProductName().toLowerCase(java.util.Locale.ROOT).contains("postgres");
    }
}
