package io.llmgateway.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmgateway.support.TestDatabases;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The same migrations bring an empty H2 file and an empty PostgreSQL database to the same schema. */
class MigrationsTest {

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void migrationsRunAndTheTablesTakeTheirRows(String database) {
        DataSource dataSource = TestDatabases.dataSource(database.equals("h2") ? TestDatabases.newH2Url() : TestDatabases.newPostgresUrl());

        int applied = Flyway.configure().dataSource(dataSource).load().migrate().migrationsExecuted;
        assertThat(applied).isEqualTo(5);
        // a second start finds nothing left to do
        assertThat(Flyway.configure().dataSource(dataSource).load().migrate().migrationsExecuted).isZero();

        JdbcClient jdbc = JdbcClient.create(dataSource);
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        jdbc.sql("""
                INSERT INTO gateway_key (id, key_hash, budget_period, source, created_at, updated_at, version)
                VALUES (?, ?, 'month', 'api', ?, ?, 1)""").params("k1", "a".repeat(64), now, now).update();
        jdbc.sql("""
                INSERT INTO request_ledger (entry_id, request_id, run_id, key_id, status, input_tokens, cached_input_tokens, output_tokens,
                    estimated, charged, cost_usd, started_at, finished_at, ledger_day)
                VALUES ('e1', ?, 'run1', ?, 200, 10, 0, 5, FALSE, TRUE, ?, ?, ?, ?)""")
                .params("r1", "k1", new BigDecimal("0.0000123456"), now, now, LocalDate.now(ZoneOffset.UTC)).update();

        assertThat(jdbc.sql("SELECT SUM(cost_usd) FROM request_ledger WHERE key_id = ?").param("k1").query(BigDecimal.class).single())
                .isEqualByComparingTo("0.0000123456");
        assertThat(jdbc.sql("SELECT COUNT(*) FROM gateway_key").query(Long.class).single()).isEqualTo(1);
    }

    /** V3 fills spend_daily from the rows already in the ledger, a row without key or alias under ''. */
    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void theRollupIsBackfilledFromTheLedger(String database) {
        DataSource dataSource = TestDatabases.dataSource(database.equals("h2") ? TestDatabases.newH2Url() : TestDatabases.newPostgresUrl());
        Flyway.configure().dataSource(dataSource).target("2").load().migrate();
        JdbcClient jdbc = JdbcClient.create(dataSource);
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        LocalDate today = now.toLocalDate();
        String insert = """
                INSERT INTO request_ledger (entry_id, request_id, run_id, key_id, alias, status, input_tokens, cached_input_tokens,
                    output_tokens, estimated, charged, cost_usd, started_at, finished_at, ledger_day)
                VALUES (?, 'r', 'run1', ?, ?, ?, 10, 2, 5, FALSE, TRUE, ?, ?, ?, ?)""";
        jdbc.sql(insert).params("e1", "k1", "m", 200, new BigDecimal("0.5"), now, now, today).update();
        jdbc.sql(insert).params("e2", "k1", "m", 500, null, now, now, today).update();
        jdbc.sql(insert).params("e3", null, null, 401, null, now, now, today).update();

        assertThat(Flyway.configure().dataSource(dataSource).target("3").load().migrate().migrationsExecuted).isEqualTo(1);

        var rows = jdbc.sql("SELECT key_id, requests, errors, input_tokens, cached_input_tokens, output_tokens, cost_usd"
                + " FROM spend_daily WHERE ledger_day = ? ORDER BY key_id").param(today).query().listOfRows();
        assertThat(rows).hasSize(2);
        assertThat(rows.get(0).get("key_id")).isEqualTo("");
        assertThat(((Number) rows.get(0).get("errors")).longValue()).isEqualTo(1);
        assertThat(((Number) rows.get(1).get("requests")).longValue()).isEqualTo(2);
        assertThat(((Number) rows.get(1).get("errors")).longValue()).isEqualTo(1);
        assertThat(((Number) rows.get(1).get("input_tokens")).longValue()).isEqualTo(20);
        assertThat(((Number) rows.get(1).get("cached_input_tokens")).longValue()).isEqualTo(4);
        assertThat((BigDecimal) rows.get(1).get("cost_usd")).isEqualByComparingTo("0.5");
    }
}
