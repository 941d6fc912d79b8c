package io.llmgateway.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmgateway.support.FakeProvider;
import io.llmgateway.support.OpenAiWire;
import io.llmgateway.support.StoreGateway;
import io.llmgateway.support.TestDatabases;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Opt-in measurement, not a test of speed: fills a fresh database with {@code -Dbench.spend.rows}
 * ledger rows over the last 30 days (20 keys, 5 aliases, 3 providers, 1 in 19 an error) at schema V2, times
 * the V3 migration that backfills spend_daily, checks the rollup against the ledger, then starts a
 * gateway on it and times a month's GET /admin/spend per grouping (first call, then the median of 5).
 * Figures go to stdout and target/spend-bench.txt. Run (under the bench lock) with assertions off:
 * surefire turns them on, and H2's own asserts then recount a B-tree page's rows on every write,
 * which makes a million inserts take most of an hour instead of about a minute.
 * <pre>flock /tmp/bench.lock ./mvnw -B -q -o test -Dtest=SpendBench -Dbench.spend.rows=1000000 -DenableAssertions=false \
 *     -Dsurefire.failIfNoSpecifiedTests=false</pre>
 */
@EnabledIfSystemProperty(named = "bench.spend.rows", matches = "\\d+")
class SpendBench {

    private static final int FILL_CHUNK = 100_000;
    private static final List<String> GROUPINGS = List.of("key", "model", "provider", "day", "key,model,day");

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void spendOverAMonthOfRows(String database) {
        int rows = Integer.parseInt(System.getProperty("bench.spend.rows"));
        String url = database.equals("h2") ? TestDatabases.newH2Url() : TestDatabases.newPostgresUrl();
        DataSource dataSource = TestDatabases.dataSource(url);
        Flyway.configure().dataSource(dataSource).target("2").load().migrate();

        long fillStart = System.nanoTime();
        fill(dataSource, database.equals("postgres"), rows);
        long fillMs = (System.nanoTime() - fillStart) / 1_000_000;
        long migrateStart = System.nanoTime();
        Flyway.configure().dataSource(dataSource).load().migrate();
        long migrateMs = (System.nanoTime() - migrateStart) / 1_000_000;

        JdbcClient jdbc = JdbcClient.create(dataSource);
        assertThat(jdbc.sql("SELECT SUM(requests) FROM spend_daily").query(Long.class).single()).isEqualTo(rows);
        assertThat(jdbc.sql("SELECT SUM(cost_usd) FROM spend_daily").query(BigDecimal.class).single())
                .isEqualByComparingTo(jdbc.sql("SELECT SUM(cost_usd) FROM request_ledger").query(BigDecimal.class).single());
        long rollupRows = jdbc.sql("SELECT COUNT(*) FROM spend_daily").query(Long.class).single();

        StringBuilder report = new StringBuilder();
        report.append(String.format("%s: %,d ledger rows filled in %,d ms; V3 backfill %,d ms -> %,d spend_daily rows%n",
                database, rows, fillMs, migrateMs, rollupRows));
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        String month = "&from=" + today.minusDays(30) + "&to=" + today;
        try (FakeProvider fake = new FakeProvider(FakeProvider.Answer.json(200, OpenAiWire.completion("gpt-4o-mini", "hi")));
             StoreGateway gateway = StoreGateway.start(url, fake)) {
            // the JVM's first admin calls (JIT, MVC, Camel) on a range with no rows, so "first" is the data's cold read
            for (int i = 0; i < 3; i++) {
                gateway.adminOk("GET", "/admin/spend?group_by=key&from=2000-01-01&to=2000-01-31", null);
            }
            for (String grouping : GROUPINGS) {
                String path = "/admin/spend?group_by=" + grouping + month;
                long first = timed(gateway, path);
                long[] repeats = new long[5];
                for (int i = 0; i < repeats.length; i++) {
                    repeats[i] = timed(gateway, path);
                }
                Arrays.sort(repeats);
                int groups = gateway.adminOk("GET", path, null).path("data").size();
                report.append(String.format("  GET /admin/spend group_by=%-13s month: first %6.1f ms, median of 5 %6.1f ms (%,d groups)%n",
                        grouping, first / 1e6, repeats[2] / 1e6, groups));
            }
            report.append(writerUpkeep(gateway.bean(LedgerRows.class)));
        }
        System.out.print(report);
        try {
            Files.writeString(Path.of("target/spend-bench.txt"), report, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static long timed(StoreGateway gateway, String path) {
        long start = System.nanoTime();
        gateway.adminOk("GET", path, null);
        return System.nanoTime() - start;
    }

    /** What the rollup adds to the writer: 20 batches of 500 rows through LedgerRows.insert (rows and rollup, one transaction each). */
    private static String writerUpkeep(LedgerRows ledger) {
        Random random = new Random(2);
        long[] times = new long[20];
        for (int b = 0; b < times.length; b++) {
            List<LedgerEntry> batch = new ArrayList<>(500);
            for (int i = 0; i < 500; i++) {
                Instant at = Instant.now();
                String key = "key-" + random.nextInt(20);
                batch.add(new LedgerEntry("w" + b + "-" + i, "req", "http", "chat", key, key, "alias-" + random.nextInt(5),
                        "prov-" + random.nextInt(3), "m", 200, 500, 0, 100, false, true, new BigDecimal("0.0001"), 300L, 290L, null,
                        at, at));
            }
            long start = System.nanoTime();
            ledger.insert(batch);
            times[b] = System.nanoTime() - start;
        }
        Arrays.sort(times);
        return String.format("  writer: a 500-row batch with its rollup upserts, median %.1f ms, max %.1f ms (20 batches)%n",
                times[10] / 1e6, times[19] / 1e6);
    }

    /**
     * Rows made by the database itself (SYSTEM_RANGE / generate_series), 100,000 a statement: a
     * client-side batch insert into the indexed table takes minutes per million on H2.
     */
    private static void fill(DataSource dataSource, boolean postgres, int rows) {
        String source = postgres
                ? "SELECT x, CAST(? AS TIMESTAMP WITH TIME ZONE) - make_interval(secs => (x * 7919) % 2592000) AS ts"
                        + " FROM generate_series(CAST(? AS BIGINT), CAST(? AS BIGINT)) AS x"
                : "SELECT X AS x, DATEADD(SECOND, -MOD(X * 7919, 2592000), CAST(? AS TIMESTAMP WITH TIME ZONE)) AS ts"
                        + " FROM SYSTEM_RANGE(?, ?)";
        String day = postgres ? "CAST(ts AT TIME ZONE 'UTC' AS DATE)" : "CAST(ts AS DATE)";
        String sql = """
                INSERT INTO request_ledger (entry_id, request_id, run_id, door, key_id, tenant, alias, provider, upstream_model,
                    status, input_tokens, cached_input_tokens, output_tokens, estimated, charged, cost_usd, latency_ms, upstream_ms,
                    stream_outcome, started_at, finished_at, ledger_day)
                SELECT 'e' || x, 'req_' || x, 'run-bench', 'http', 'key-' || MOD(x, 20), 'key-' || MOD(x, 20),
                    'alias-' || MOD(x / 20, 5), 'prov-' || MOD(x / 100, 3), 'm', CASE WHEN MOD(x, 19) = 0 THEN 500 ELSE 200 END,
                    200 + MOD(x * 31, 800), 0, 50 + MOD(x * 17, 200), FALSE, TRUE,
                    CAST(MOD(x * 13, 10000) AS NUMERIC(20, 10)) / 10000000, 300, 290, NULL, ts, ts, %s
                FROM (%s) g""".formatted(day, source);
        JdbcClient jdbc = JdbcClient.create(dataSource);
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        for (long from = 1; from <= rows; from += FILL_CHUNK) {
            jdbc.sql(sql).params(now, from, Math.min(rows, from + FILL_CHUNK - 1)).update();
        }
    }
}
