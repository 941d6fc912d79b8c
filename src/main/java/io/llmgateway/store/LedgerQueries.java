package io.llmgateway.store;

import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Reading and pruning the ledger: the request history (filtered, newest first, keyset-paginated so
 * page 1000 costs what page 1 does), spend grouped by key / alias / provider / day, and retention.
 * Each filter has an index that starts with its column (V2__request_ledger.sql).
 */
@Component
public class LedgerQueries {

    /** Grouping dimensions and their columns (in spend_daily); nothing else reaches the SQL text. */
    public static final Map<String, String> DIMENSIONS = Map.of("key", "key_id", "alias", "alias", "provider", "provider",
            "api", "api", "day", "ledger_day");

    private final JdbcClient jdbc;
    private final SpendRollup rollup;

    public LedgerQueries(JdbcClient jdbc, SpendRollup rollup) {
        this.jdbc = jdbc;
        this.rollup = rollup;
    }

    /** Filters of GET /admin/requests; null means any; {@code to} is exclusive. */
    public record Filter(String keyId, String alias, String provider, Integer status, Instant from, Instant to) {
    }

    /** The last row of the previous page: the next page starts below it. */
    public record Position(Instant finishedAt, String entryId) {
    }

    public List<LedgerEntry> requests(Filter filter, Position after, int limit) {
        StringBuilder sql = new StringBuilder("SELECT * FROM request_ledger WHERE 1 = 1");
        List<Object> params = new ArrayList<>();
        condition(sql, params, "key_id = ?", filter.keyId());
        condition(sql, params, "alias = ?", filter.alias());
        condition(sql, params, "provider = ?", filter.provider());
        condition(sql, params, "status = ?", filter.status());
        condition(sql, params, "finished_at >= ?", KeyRows.time(filter.from()));
        condition(sql, params, "finished_at < ?", KeyRows.time(filter.to()));
        if (after != null) {
            sql.append(" AND (finished_at < ? OR (finished_at = ? AND entry_id < ?))");
            params.add(KeyRows.time(after.finishedAt()));
            params.add(KeyRows.time(after.finishedAt()));
            params.add(after.entryId());
        }
        sql.append(" ORDER BY finished_at DESC, entry_id DESC LIMIT ?");
        params.add(limit);
        return jdbc.sql(sql.toString()).params(params).query(LedgerQueries::entry).list();
    }

    /** One group of GET /admin/spend: its dimension values (in the order asked) and sums. */
    public record Group(Map<String, Object> by, long requests, long errors, long inputTokens, long cachedInputTokens,
                        long outputTokens, BigDecimal costUsd) {
    }

    /**
     * Spend from {@code from} to {@code to} (UTC days, both included), grouped by the given dimensions
     * (keys of {@link #DIMENSIONS}). Read from the daily rollup: a month is ~30 x groups rows, however
     * many requests it had.
     */
    public List<Group> spend(List<String> groupBy, LocalDate from, LocalDate to) {
        List<String> columns = groupBy.stream().map(DIMENSIONS::get).toList();
        String select = columns.isEmpty() ? "" : String.join(", ", columns) + ", ";
        String sql = "SELECT " + select + "COALESCE(SUM(requests), 0), COALESCE(SUM(errors), 0),"
                + " COALESCE(SUM(input_tokens), 0), COALESCE(SUM(cached_input_tokens), 0), COALESCE(SUM(output_tokens), 0),"
                + " COALESCE(SUM(cost_usd), 0) FROM spend_daily WHERE ledger_day >= ? AND ledger_day <= ?"
                + (columns.isEmpty() ? "" : " GROUP BY " + String.join(", ", columns) + " ORDER BY " + String.join(", ", columns));
        return jdbc.sql(sql).params(from, to).query((rs, n) -> {
            Map<String, Object> by = new LinkedHashMap<>();
            for (int i = 0; i < groupBy.size(); i++) {
                Object value = rs.getObject(i + 1);
                // '' is the rollup's "none"
                by.put(groupBy.get(i), value instanceof java.sql.Date date ? date.toLocalDate().toString()
                        : value == null || value.toString().isEmpty() ? null : value.toString());
            }
            int c = groupBy.size();
            BigDecimal cost = rs.getBigDecimal(c + 6);
            return new Group(by, rs.getLong(c + 1), rs.getLong(c + 2), rs.getLong(c + 3), rs.getLong(c + 4), rs.getLong(c + 5),
                    cost == null ? BigDecimal.ZERO : cost.stripTrailingZeros());
        }).list();
    }

    /**
     * Deletes at most {@code batch} rows of the UTC days before {@code day}, oldest first; how many.
     * Small batches keep each statement's locks short on a busy table.
     */
    public int prune(LocalDate day, int batch) {
        return jdbc.sql("""
                DELETE FROM request_ledger WHERE entry_id IN (
                    SELECT entry_id FROM request_ledger WHERE finished_at < ? ORDER BY finished_at LIMIT ?)""")
                .params(KeyRows.time(day.atStartOfDay(java.time.ZoneOffset.UTC).toInstant()), batch).update();
    }

    /** The rollup's days before {@code day}: called once the ledger has no row of them left, so both agree. */
    public int pruneRollup(LocalDate day) {
        return rollup.pruneBefore(day);
    }

    private static void condition(StringBuilder sql, List<Object> params, String condition, Object value) {
        if (value != null) {
            sql.append(" AND ").append(condition);
            params.add(value);
        }
    }

    private static LedgerEntry entry(ResultSet rs, int n) throws SQLException {
        return new LedgerEntry(rs.getString("entry_id"), rs.getString("request_id"), rs.getString("door"), rs.getString("api"), rs.getString("key_id"),
                rs.getString("tenant"), rs.getString("alias"), rs.getString("provider"), rs.getString("upstream_model"),
                rs.getInt("status"), rs.getLong("input_tokens"), rs.getLong("cached_input_tokens"), rs.getLong("output_tokens"),
                rs.getBoolean("estimated"), rs.getBoolean("charged"), KeyRows.decimal(rs.getBigDecimal("cost_usd")),
                nullableLong(rs, "latency_ms"), nullableLong(rs, "upstream_ms"), rs.getString("stream_outcome"),
                KeyRows.instant(rs, "started_at"), KeyRows.instant(rs, "finished_at"));
    }

    private static Long nullableLong(ResultSet rs, String column) throws SQLException {
        long value = rs.getLong(column);
        return rs.wasNull() ? null : value;
    }
}
