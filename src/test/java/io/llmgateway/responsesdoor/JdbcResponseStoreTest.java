package io.llmgateway.responsesdoor;

import static io.llmgateway.responsesdoor.InMemoryResponseStoreTest.response;
import static org.assertj.core.api.Assertions.assertThat;

import io.llmgateway.support.MovableClock;
import io.llmgateway.support.TestDatabases;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.util.unit.DataSize;

/**
 * The database store on the gateway's schema (Flyway), on the embedded default (an H2 file) and on
 * a real PostgreSQL server: the tenant's own rows only, the TTL on a clock the test moves, the
 * retention's pruning, and the bound on one response.
 */
class JdbcResponseStoreTest {

    /** A clock the test moves. */
    private final MovableClock clock = new MovableClock(Instant.parse("2026-03-01T10:00:00Z"));

    private JdbcResponseStore store(JdbcClient jdbc) {
        ResponsesProperties properties = new ResponsesProperties();
        properties.setTtl(Duration.ofMinutes(10));
        properties.setMaxResponseSize(DataSize.ofKilobytes(4));
        return new JdbcResponseStore(jdbc, properties, clock);
    }

    private static JdbcClient migrated(String database) {
        DataSource dataSource = TestDatabases.dataSource(database.equals("h2") ? TestDatabases.newH2Url()
                : TestDatabases.newPostgresUrl());
        Flyway.configure().dataSource(dataSource).load().migrate();
        return JdbcClient.create(dataSource);
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void aResponseIsKeptWholeAndOnlyForItsTenant(String database) {
        JdbcResponseStore store = store(migrated(database));
        StoredResponse written = new StoredResponse("resp_a", "team-a", "{\"id\":\"resp_a\"}".getBytes(StandardCharsets.UTF_8),
                "[{\"type\":\"message\"}]".getBytes(StandardCharsets.UTF_8), "[]".getBytes(StandardCharsets.UTF_8));
        assertThat(store.put(written)).isTrue();

        StoredResponse read = store.get("resp_a", "team-a").orElseThrow();
        assertThat(read.response()).isEqualTo(written.response());
        assertThat(read.input()).isEqualTo(written.input());
        assertThat(read.history()).isEqualTo(written.history());
        assertThat(store.get("resp_a", "team-b")).isEmpty();
        assertThat(store.delete("resp_a", "team-b")).isFalse();
        assertThat(store.delete("resp_a", "team-a")).isTrue();
        assertThat(store.get("resp_a", "team-a")).isEmpty();
        assertThat(store.get(null, "team-a")).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void aResponseExpiresItsTtlAfterItWasWrittenAndRetentionDeletesTheRow(String database) {
        JdbcClient jdbc = migrated(database);
        JdbcResponseStore store = store(jdbc);
        store.put(response("resp_early", "team-a", 10));
        clock.advance(Duration.ofMinutes(6));
        store.put(response("resp_late", "team-a", 10));

        clock.advance(Duration.ofMinutes(4).minusSeconds(1));
        assertThat(store.get("resp_early", "team-a")).as("9:59 after it was written").isPresent();
        clock.advance(Duration.ofSeconds(1));
        assertThat(store.get("resp_early", "team-a")).as("10:00 after it was written").isEmpty();
        assertThat(store.delete("resp_early", "team-a")).isFalse();
        assertThat(store.get("resp_late", "team-a")).isPresent();

        assertThat(store.prune()).isEqualTo(1);
        assertThat(jdbc.sql("SELECT response_id FROM stored_response").query(String.class).list()).containsExactly("resp_late");
        clock.advance(Duration.ofMinutes(6));
        assertThat(store.prune()).isEqualTo(1);
        assertThat(jdbc.sql("SELECT COUNT(*) FROM stored_response").query(Long.class).single()).isZero();
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void aResponseLargerThanMaxResponseSizeIsNotKept(String database) {
        JdbcClient jdbc = migrated(database);
        JdbcResponseStore store = store(jdbc);

        assertThat(store.put(response("resp_small", "team-a", 3000))).isTrue();
        assertThat(store.put(response("resp_big", "team-a", 5000))).isFalse();
        assertThat(store.get("resp_big", "team-a")).isEmpty();
        assertThat(jdbc.sql("SELECT bytes FROM stored_response WHERE response_id = 'resp_small'").query(Integer.class).single())
                .isEqualTo(response("resp_small", "team-a", 3000).weight());
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2"})
    void pruningGoesInBatchesUntilNothingExpiredIsLeft(String database) {
        JdbcClient jdbc = migrated(database);
        JdbcResponseStore store = store(jdbc);
        int expired = JdbcResponseStore.PRUNE_BATCH + 5;
        for (int i = 0; i < expired; i++) {
            store.put(response("resp_" + i, "team-a", 1));
        }
        clock.advance(Duration.ofMinutes(11));
        store.put(response("resp_fresh", "team-a", 1));

        assertThat(store.prune()).isEqualTo(expired);
        assertThat(jdbc.sql("SELECT response_id FROM stored_response").query(String.class).list()).containsExactly("resp_fresh");
    }
}
