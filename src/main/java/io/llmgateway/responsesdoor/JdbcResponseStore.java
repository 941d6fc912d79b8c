package io.llmgateway.responsesdoor;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Stored responses in the gateway's database (table stored_response, Flyway V4): they survive a
 * restart and every instance on the same database continues the same conversations. A row is
 * readable until its expires_at (written + ttl); the responses-retention route deletes expired rows
 * in small batches. One row per response, at most max-response-size of JSON.
 */
public class JdbcResponseStore implements ResponseStore {

    /** Rows per DELETE: short statements on a busy table; a prune run makes at most {@link #MAX_BATCHES}. */
    static final int PRUNE_BATCH = 1_000;
    private static final int MAX_BATCHES = 100;

    private final JdbcClient jdbc;
    private final Duration ttl;
    private final long maxResponseBytes;
    private final Clock clock;

    public JdbcResponseStore(JdbcClient jdbc, ResponsesProperties properties, Clock clock) {
        this.jdbc = jdbc;
        this.ttl = properties.getTtl();
        this.maxResponseBytes = properties.getMaxResponseSize().toBytes();
        this.clock = clock;
    }

    @Override
    public boolean put(StoredResponse response) {
        if (response.weight() > maxResponseBytes) {
            return false;
        }
        Instant now = clock.instant();
        jdbc.sql("""
                INSERT INTO stored_response (response_id, tenant, response, input_items, history, bytes, created_at, expires_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(response.id(), response.tenant(), response.response(), response.input(), response.history(),
                        response.weight(), utc(now), utc(now.plus(ttl)))
                .update();
        return true;
    }

    @Override
    public Optional<StoredResponse> get(String id, String tenant) {
        if (id == null) {
            return Optional.empty();
        }
        return jdbc.sql("""
                SELECT response, input_items, history FROM stored_response
                WHERE response_id = ? AND tenant = ? AND expires_at > ?""")
                .params(id, tenant, utc(clock.instant()))
                .query((rs, n) -> new StoredResponse(id, tenant, rs.getBytes(1), rs.getBytes(2), rs.getBytes(3)))
                .optional();
    }

    @Override
    public boolean delete(String id, String tenant) {
        return jdbc.sql("DELETE FROM stored_response WHERE response_id = ? AND tenant = ? AND expires_at > ?")
                .params(id, tenant, utc(clock.instant())).update() > 0;
    }

    /** Deletes the expired rows, a batch per statement, oldest first; how many. */
    @Override
    public int prune() {
        OffsetDateTime now = utc(clock.instant());
        int deleted = 0;
        for (int i = 0; i < MAX_BATCHES; i++) {
            int batch = jdbc.sql("""
                    DELETE FROM stored_response WHERE response_id IN (
                        SELECT response_id FROM stored_response WHERE expires_at <= ? ORDER BY expires_at LIMIT ?)""")
                    .params(now, PRUNE_BATCH).update();
            deleted += batch;
            if (batch < PRUNE_BATCH) {
                break;
            }
        }
        return deleted;
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
