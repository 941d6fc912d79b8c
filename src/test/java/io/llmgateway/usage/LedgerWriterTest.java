package io.llmgateway.usage;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmgateway.store.LedgerEntry;
import io.llmgateway.support.TestDatabases;
import java.time.Duration;
import java.time.Instant;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The writer sleeps between flushes instead of waking on every row: rows still reach the store
 * within a flush interval, a full batch goes at once, and a graceful stop writes what is queued.
 */
class LedgerWriterTest {

    @Test
    void rowsArriveWithinTheIntervalAFullBatchAtOnceAndStopWritesTheRest() throws Exception {
        DataSource database = TestDatabases.migratedH2();
        JdbcClient jdbc = JdbcClient.create(database);
        LedgerProperties properties = new LedgerProperties();
        properties.setBatchSize(10);
        properties.setFlushInterval(Duration.ofMillis(300));
        LedgerWriter writer = new LedgerWriter(TestDatabases.ledgerRows(database), properties);
        writer.start();
        try {
            for (int i = 0; i < 3; i++) {
                writer.append(entry());
            }
            assertThat(waitForRows(jdbc, 3, Duration.ofSeconds(2))).isEqualTo(3);

            // a long interval: only a full batch may be written before it ends
            properties.setFlushInterval(Duration.ofSeconds(30));
            writer.stop();
            writer.start();
            for (int i = 0; i < 25; i++) {
                writer.append(entry());
            }
            assertThat(waitForRows(jdbc, 23, Duration.ofSeconds(2))).isEqualTo(23); // 3 + two full batches of 10
            Thread.sleep(300);
            assertThat(count(jdbc)).isEqualTo(23); // the last 5 wait for the interval
        } finally {
            writer.stop();
        }
        assertThat(count(jdbc)).isEqualTo(28);
        assertThat(writer.queued()).isZero();
    }

    private static long waitForRows(JdbcClient jdbc, long wanted, Duration within) throws InterruptedException {
        long until = System.nanoTime() + within.toNanos();
        long rows = count(jdbc);
        while (rows < wanted && System.nanoTime() < until) {
            Thread.sleep(20);
            rows = count(jdbc);
        }
        return rows;
    }

    private static long count(JdbcClient jdbc) {
        return jdbc.sql("SELECT COUNT(*) FROM request_ledger").query(Long.class).single();
    }

    private static LedgerEntry entry() {
        Instant now = Instant.now();
        return new LedgerEntry(LedgerEntry.newId(), "req", "http", "chat", null, null, "m", "p", "u", 200, 10, 0, 5, false, true,
                null, 3L, 1L, null, now, now);
    }
}
