package io.llmgateway.usage;

import io.github.bucket4j.Bucket;
import io.llmgateway.store.LedgerEntry;
import io.llmgateway.store.LedgerRows;
import io.llmgateway.store.SpendRollup;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
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
 *
 * <p>Refusals at the door are sampled: at most gateway.ledger.refusal-rows-per-minute get a row;
 * the rest are only counted, per day, key and API, into spend_daily with the next batch, so a flood
 * of bad keys costs a map update per request and a bounded number of rows.
 */
@Component
public class LedgerWriter implements SmartLifecycle {

    private static final Logger LOG = LoggerFactory.getLogger(LedgerWriter.class);

    /** How often the sleeping writer looks whether a full batch is waiting. */
    private static final long CHECK_NANOS = 50_000_000L;

    private final LedgerRows rows;
    private final LedgerProperties properties;
    private final BlockingQueue<LedgerEntry> queue;
    private final Bucket refusalRows;
    /** Refusals without a row: how many per rollup group, until the next batch takes them. */
    private final ConcurrentHashMap<SpendRollup.Group, Long> unrecorded = new ConcurrentHashMap<>();
    private volatile boolean running;
    private volatile boolean warnedFull;
    private Thread thread;

    public LedgerWriter(LedgerRows rows, LedgerProperties properties) {
        this.rows = rows;
        this.properties = properties;
        this.queue = new ArrayBlockingQueue<>(Math.max(1, properties.getQueueCapacity()));
        long perMinute = Math.max(1, properties.getRefusalRowsPerMinute());
        this.refusalRows = Bucket.builder().addLimit(l -> l.capacity(perMinute).refillGreedy(perMinute, Duration.ofMinutes(1))).build();
    }

    /**
     * A request refused at the door: a row while the sample allows and the queue has room, else only
     * counted. Never written by the caller's thread: a flood must not turn into a flood of inserts.
     */
    public void appendRefusal(LedgerEntry entry) {
        if (!properties.isEnabled()) {
            return;
        }
        if (refusalRows.tryConsume(1) && queue.offer(entry)) {
            return;
        }
        unrecorded.merge(SpendRollup.Group.of(entry), 1L, Long::sum);
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
        if (!properties.isEnabled()) {
            LOG.warn("Ledger off (gateway.ledger.enabled=false): no request rows are written; budgets, per-minute windows and key"
                    + " usage count this run's requests only (a restart forgets them), /admin/requests and /admin/spend show nothing new");
        }
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
        writeUntilDone(rest, drainUnrecorded(), false);
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

    /**
     * Sleeps, then takes what came meanwhile: requests only add to the queue and never wake this
     * thread. Waiting on the queue instead woke it once per row under load (an unpark and a context
     * switch per request, for a row it could not write yet). It looks every {@link #CHECK_NANOS} whether
     * a full batch is waiting, so a burst is written at once and cannot fill the queue.
     */
    private void run() {
        long interval = properties.getFlushInterval().toNanos();
        int max = Math.max(1, properties.getBatchSize());
        List<LedgerEntry> batch = new ArrayList<>(max);
        long deadline = System.nanoTime() + interval;
        while (running) {
            try {
                for (long left; (left = deadline - System.nanoTime()) > 0 && queue.size() < max; ) {
                    Thread.sleep(Duration.ofNanos(Math.min(left, CHECK_NANOS)));
                }
            } catch (InterruptedException e) {
                // stop(): what is queued is written by stop()
                break;
            }
            if (queue.size() < max) { // the interval is up: whatever is queued goes now
                deadline = System.nanoTime() + interval;
            }
            queue.drainTo(batch, max);
            writeUntilDone(batch, drainUnrecorded(), true);
            batch.clear();
        }
    }

    /** The refusals counted so far, taken out of the map (a count arriving meanwhile starts a new entry). */
    private SpendRollup.Tally drainUnrecorded() {
        SpendRollup.Tally tally = new SpendRollup.Tally();
        for (SpendRollup.Group group : unrecorded.keySet()) {
            Long count = unrecorded.remove(group);
            if (count != null) {
                tally.addUnrecorded(group, count, count);
            }
        }
        return tally;
    }

    /**
     * The rows, and the refusals counted without rows (with the first part). Tries again every flush
     * interval while the writer runs; on stop, three more tries, then the rows are reported lost.
     */
    private void writeUntilDone(List<LedgerEntry> batch, SpendRollup.Tally counted, boolean whileRunning) {
        int tries = 0;
        SpendRollup.Tally pending = counted;
        while (!batch.isEmpty() || !pending.isEmpty()) {
            try {
                while (!batch.isEmpty() || !pending.isEmpty()) {
                    List<LedgerEntry> part = batch.subList(0, Math.min(batch.size(), Math.max(1, properties.getBatchSize())));
                    rows.insert(part, pending);
                    part.clear(); // written: a retry of the rest must not write it twice
                    pending = new SpendRollup.Tally();
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
