package io.llmgateway.store;

import java.math.BigDecimal;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.locks.ReentrantLock;
import org.springframework.jdbc.core.BatchPreparedStatementSetter;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The request_ledger table in plain SQL. Every row this process writes carries its run id (new at
 * every start), so its budgets can take their own rows from memory and only the others' from here.
 */
@Component
public class LedgerRows {

    private static final String INSERT = """
            INSERT INTO request_ledger (entry_id, request_id, run_id, door, api, key_id, tenant, alias, provider, upstream_model,
                status, input_tokens, cached_input_tokens, output_tokens, estimated, charged, cost_usd, latency_ms, upstream_ms,
                stream_outcome, started_at, finished_at, ledger_day)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""";

    private final JdbcClient jdbc;
    private final JdbcTemplate template;
    private final TransactionTemplate transactions;
    private final SpendRollup rollup;
    private final String runId = UUID.randomUUID().toString();
    /** One writing transaction at a time in this process: two MERGEs creating the same rollup row would collide on H2. */
    private final ReentrantLock writing = new ReentrantLock();

    public LedgerRows(JdbcClient jdbc, JdbcTemplate template, TransactionTemplate transactions, SpendRollup rollup) {
        this.jdbc = jdbc;
        this.template = template;
        this.transactions = transactions;
        this.rollup = rollup;
    }

    public String runId() {
        return runId;
    }

    /** One transaction, one JDBC batch: all rows or none, so a retried batch never writes a row twice. */
    public void insert(List<LedgerEntry> entries) {
        insert(entries, new SpendRollup.Tally());
    }

    /**
     * The rows and their sums in spend_daily, plus {@code unrecorded} (requests counted without a row
     * of their own), in one transaction: the rollup never disagrees with the rows.
     */
    public void insert(List<LedgerEntry> entries, SpendRollup.Tally unrecorded) {
        SpendRollup.Tally tally = SpendRollup.Tally.of(entries);
        tally.addAll(unrecorded);
        writing.lock();
        try {
            transactions.executeWithoutResult(status -> {
                if (!entries.isEmpty()) {
                    template.batchUpdate(INSERT, new Rows(entries, runId));
                }
                rollup.add(tally);
            });
        } finally {
            writing.unlock();
        }
    }

    /**
     * Sets each column with its own type. Spring's untyped setter (a list of Object[]) asks the driver
     * for a parameter's SQL type at every null, and an open gateway's rows have several: that lookup
     * took ~10% of the writer's CPU under load.
     */
    private record Rows(List<LedgerEntry> entries, String runId) implements BatchPreparedStatementSetter {

        @Override
        public void setValues(PreparedStatement ps, int i) throws SQLException {
            LedgerEntry e = entries.get(i);
            ps.setString(1, e.entryId());
            ps.setString(2, e.requestId());
            ps.setString(3, runId);
            string(ps, 4, e.door());
            string(ps, 5, e.api());
            string(ps, 6, e.keyId());
            string(ps, 7, e.tenant());
            string(ps, 8, e.alias());
            string(ps, 9, e.provider());
            string(ps, 10, e.upstreamModel());
            ps.setInt(11, e.status());
            ps.setLong(12, e.inputTokens());
            ps.setLong(13, e.cachedInputTokens());
            ps.setLong(14, e.outputTokens());
            ps.setBoolean(15, e.estimated());
            ps.setBoolean(16, e.charged());
            if (e.costUsd() == null) {
                ps.setNull(17, Types.NUMERIC);
            } else {
                ps.setBigDecimal(17, e.costUsd());
            }
            number(ps, 18, e.latencyMs());
            number(ps, 19, e.upstreamMs());
            string(ps, 20, e.streamOutcome());
            OffsetDateTime finished = KeyRows.time(e.finishedAt());
            ps.setObject(21, KeyRows.time(e.startedAt()));
            ps.setObject(22, finished);
            ps.setObject(23, finished.toLocalDate());
        }

        @Override
        public int getBatchSize() {
            return entries.size();
        }

        private static void string(PreparedStatement ps, int index, String value) throws SQLException {
            if (value == null) {
                ps.setNull(index, Types.VARCHAR);
            } else {
                ps.setString(index, value);
            }
        }

        private static void number(PreparedStatement ps, int index, Long value) throws SQLException {
            if (value == null) {
                ps.setNull(index, Types.BIGINT);
            } else {
                ps.setLong(index, value);
            }
        }
    }

    /** A key's totals since {@code from}, over the rows written by other runs (earlier starts, other instances). */
    public Totals othersTotals(String keyId, Instant from) {
        return jdbc.sql("""
                SELECT COALESCE(SUM(cost_usd), 0), COUNT(*), COALESCE(SUM(input_tokens), 0), COALESCE(SUM(cached_input_tokens), 0),
                    COALESCE(SUM(output_tokens), 0), COALESCE(SUM(CASE WHEN estimated THEN 1 ELSE 0 END), 0)
                FROM request_ledger WHERE key_id = ? AND finished_at >= ? AND run_id <> ? AND charged = TRUE""")
                .params(keyId, KeyRows.time(from), runId)
                .query(LedgerRows::totals).single();
    }

    /** When and how much: one charged row of the key, written by another run, finished since {@code from}. */
    public record Use(Instant finishedAt, long tokens) {
    }

    /** The key's charged rows of other runs since {@code from}: what refills a restarted instance's per-minute windows. */
    public List<Use> othersRecentUse(String keyId, Instant from) {
        return jdbc.sql("""
                SELECT finished_at, input_tokens + output_tokens FROM request_ledger
                WHERE key_id = ? AND finished_at >= ? AND run_id <> ? AND charged = TRUE""")
                .params(keyId, KeyRows.time(from), runId)
                .query((rs, n) -> new Use(KeyRows.instant(rs, "finished_at"), rs.getLong(2))).list();
    }

    private static Totals totals(ResultSet rs, int n) throws SQLException {
        BigDecimal cost = rs.getBigDecimal(1);
        return new Totals(cost == null ? BigDecimal.ZERO : cost.stripTrailingZeros(), rs.getLong(2), rs.getLong(3), rs.getLong(4),
                rs.getLong(5), rs.getLong(6));
    }

    /** Sums over ledger rows. */
    public record Totals(BigDecimal costUsd, long requests, long inputTokens, long cachedInputTokens, long outputTokens,
                         long estimatedRequests) {
        public static final Totals ZERO = new Totals(BigDecimal.ZERO, 0, 0, 0, 0, 0);

        public Totals plus(Totals other) {
            return new Totals(costUsd.add(other.costUsd), requests + other.requests, inputTokens + other.inputTokens,
                    cachedInputTokens + other.cachedInputTokens, outputTokens + other.outputTokens,
                    estimatedRequests + other.estimatedRequests);
        }
    }
}
