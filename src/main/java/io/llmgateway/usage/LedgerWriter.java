package io.llmgateway.usage;

import io.llmgateway.store.LedgerEntry;
import io.llmgateway.store.LedgerRows;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Writes ledger rows off the request path: requests put their row in a bounded queue, one thread
 * writes them in batches, each row at most one flush interval after it came (the most a crash
 * loses). A failed batch is kept and tried again. A full queue, or a row arriving after the writer
 * stopped, is written by the caller's own thread: slower, but never dropped. Stops after the web
 * server and Camel (lowest phase), writing everything still queued.
 */
@Component
public class LedgerWriter implements SmartLifecycle {

    private static final Logger LOG = LoggerFactory.getLogger(LedgerWriter.class);

    private final LedgerRows rows;
    private final LedgerProperties properties;
    private final BlockingQueue<LedgerEntry> queue;
    private volatile boolean running;
    private volatile boolean warnedFull;
    private Thread thread;

    public LedgerWriter(LedgerRows rows, LedgerProperties properties) {
        this.rows = rows;
        this.properties = properties;
        this.queue = new ArrayBlockingQueue<>(Math.max(1, properties.getQueueCapacity()));
    }

    public void append(LedgerEntry entry) {
        if (!properties.isEnabled()) {
            return;
        }
        if (running && queue.offer(entry)) {
            return;
        }
        if (running && !warnedFull) {
            warnedFull = true;
            LOG.warn("Ledger queue full ({} rows): requests write their rows themselves until it drains", properties.getQueueCapacity());
        }
        rows.insert(List.of(entry));
    }

    /** Rows waiting to be written. */
    public int queued() {
        return queue.size();
    }

    @Override
    public void start() {
        running = true;
        thread = Thread.ofPlatform().name("ledger-writer").daemon(true).start(this::run);
    }

    @Override
    public void stop() {
        running = false;
        if (thread == null) {
            return;
        }
        thread.interrupt();
        try {
            thread.join(30_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        List<LedgerEntry> rest = new ArrayList<>();
        queue.drainTo(rest);
        writeUntilDone(rest, false);
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Lowest phase: stops last, after the doors stopped adding rows. */
    @Override
    public int getPhase() {
        return Integer.MIN_VALUE + 100;
    }

    private void run() {
        long interval = properties.getFlushInterval().toNanos();
        int max = Math.max(1, properties.getBatchSize());
        List<LedgerEntry> batch = new ArrayList<>(max);
        while (running) {
            try {
                LedgerEntry first = queue.poll(interval, TimeUnit.NANOSECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                long deadline = System.nanoTime() + interval;
                while (batch.size() < max) {
                    queue.drainTo(batch, max - batch.size());
                    long left = deadline - System.nanoTime();
                    if (batch.size() >= max || left <= 0) {
                        break;
                    }
                    LedgerEntry next = queue.poll(left, TimeUnit.NANOSECONDS);
                    if (next == null) {
                        break;
                    }
                    batch.add(next);
                }
            } catch (InterruptedException e) {
                // stop(): what is in hand is written below, the rest by stop()
            }
            writeUntilDone(batch, true);
            batch.clear();
        }
    }

    /** Tries again every flush interval while the writer runs; on stop, three more tries, then the rows are reported lost. */
    private void writeUntilDone(List<LedgerEntry> batch, boolean whileRunning) {
        int tries = 0;
        while (!batch.isEmpty()) {
            try {
                while (!batch.isEmpty()) {
                    List<LedgerEntry> part = batch.subList(0, Math.min(batch.size(), Math.max(1, properties.getBatchSize())));
                    rows.insert(part);
                    part.clear(); // written: a retry of the rest must not write it twice
                }
                warnedFull = false;
                return;
            } catch (RuntimeException e) {
                tries++;
                if (!(whileRunning ? running : tries < 3)) {
                    LOG.error("Ledger: {} rows could not be written and are lost: {}", batch.size(), e.toString());
                    return;
                }
                LOG.warn("Ledger: writing {} rows failed, trying again: {}", batch.size(), e.toString());
                try {
                    Thread.sleep(properties.getFlushInterval().toMillis());
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    whileRunning = false;
                }
            }
        }
    }
}
