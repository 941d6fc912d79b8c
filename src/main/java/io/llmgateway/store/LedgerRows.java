package io.llmgateway.store;

import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.locks.ReentrantLock;
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
        List<Object[]> args = new ArrayList<>(entries.size());
        for (LedgerEntry e : entries) {
            args.add(new Object[] {e.entryId(), e.requestId(), runId, e.door(), e.api(), e.keyId(), e.tenant(), e.alias(), e.provider(),
                    e.upstreamModel(), e.status(), e.inputTokens(), e.cachedInputTokens(), e.outputTokens(), e.estimated(),
                    e.charged(), e.costUsd(), e.latencyMs(), e.upstreamMs(), e.streamOutcome(), KeyRows.time(e.startedAt()),
                    KeyRows.time(e.finishedAt()), e.finishedAt().atOffset(ZoneOffset.UTC).toLocalDate()});
        }
        writing.lock();
        try {
            transactions.executeWithoutResult(status -> {
                if (!args.isEmpty()) {
                    template.batchUpdate(INSERT, args);
                }
                rollup.add(tally);
            });
        } finally {
            writing.unlock();
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
