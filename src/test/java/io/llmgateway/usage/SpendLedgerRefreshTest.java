package io.llmgateway.usage;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmgateway.core.KeysProperties.BudgetPeriod;
import io.llmgateway.store.LedgerRows;
import io.llmgateway.support.TestDatabases;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/**
 * A key's spend in earlier runs is read from the ledger at most about once a second, by one
 * request at a time: when that query is slow (a key with a large month of rows), concurrent
 * requests go on with the figure they have instead of all running it at once.
 */
class SpendLedgerRefreshTest {

    @Test
    void oneRequestReadsTheOthersTotalsWhileTheRestKeepTheirFigure() throws Exception {
        DataSource database = TestDatabases.migratedH2();
        LedgerRows real = TestDatabases.ledgerRows(database);
        AtomicInteger queries = new AtomicInteger();
        CountDownLatch slowQueryRunning = new CountDownLatch(1);
        CountDownLatch finishSlowQuery = new CountDownLatch(1);
        SpendLedger ledger = new SpendLedger(new LedgerRowsThatCount(real, queries, slowQueryRunning, finishSlowQuery));

        ledger.spent("k", BudgetPeriod.MONTH); // the first read: a figure to keep
        assertThat(queries).hasValue(1);

        // past the second, the next read is slow: 16 requests meanwhile must not all query
        Thread.sleep(1_100);
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            Future<?> slow = threads.submit(() -> ledger.spent("k", BudgetPeriod.MONTH));
            slowQueryRunning.await();
            List<Future<?>> others = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                others.add(threads.submit(() -> ledger.spent("k", BudgetPeriod.MONTH)));
            }
            for (Future<?> other : others) {
                other.get(); // answered from the kept figure while the slow query still runs
            }
            assertThat(queries).hasValue(2);
            finishSlowQuery.countDown();
            slow.get();
        }
    }

    /** The real rows; its second othersTotals blocks until told, and every call is counted. */
    private static final class LedgerRowsThatCount extends LedgerRows {
        private final LedgerRows real;
        private final AtomicInteger queries;
        private final CountDownLatch running;
        private final CountDownLatch finish;

        LedgerRowsThatCount(LedgerRows real, AtomicInteger queries, CountDownLatch running, CountDownLatch finish) {
            super(null, null, null, null);
            this.real = real;
            this.queries = queries;
            this.running = running;
            this.finish = finish;
        }

        @Override
        public Totals othersTotals(String keyId, Instant from) {
            if (queries.incrementAndGet() == 2) {
                running.countDown();
                try {
                    finish.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return real.othersTotals(keyId, from);
        }
    }
}
