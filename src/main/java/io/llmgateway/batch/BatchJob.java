package io.llmgateway.batch;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.BitSet;
import java.util.concurrent.Semaphore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One input file being worked on: its outputs, counts and timestamps (the OpenAI Batch object's facts). */
public class BatchJob {

    private static final Logger LOG = LoggerFactory.getLogger(BatchJob.class);

    final String id;
    final String key;
    final String name;
    final Instant createdAt;
    final BitSet finished = new BitSet();
    private final Duration progressInterval;
    /** Lines read but not yet written: bounds the lines in flight and so the memory a file takes. */
    final Semaphore inFlight;
    private volatile String status = "validating";
    private volatile long total;
    private volatile Instant inProgressAt;
    private volatile Instant completedAt;
    private volatile Instant failedAt;
    private volatile String failure;
    private BatchOutput output;
    private BatchOutput errors;
    private long resumedFrom;
    private long startNanos;
    private long lastLogNanos;

    BatchJob(String id, String key, String name, Instant createdAt, Duration progressInterval, int concurrency) {
        this.inFlight = new Semaphore(concurrency);
        this.id = id;
        this.key = key;
        this.name = name;
        this.createdAt = createdAt;
        this.progressInterval = progressInterval;
    }

    /** Reads back what an earlier run finished, then opens the outputs for appending. */
    void open(Path input, Path outputFile, Path errorsFile, long maxLineChars) throws IOException {
        output = BatchOutput.open(outputFile, finished);
        errors = BatchOutput.open(errorsFile, finished);
        total = BatchLines.count(input, maxLineChars);
        resumedFrom = output.records() + errors.records();
        inProgressAt = Instant.now();
        status = "in_progress";
        startNanos = System.nanoTime();
        lastLogNanos = startNanos;
        if (resumedFrom > 0) {
            LOG.info("batch {} ({}) resumes: {} of {} lines already finished", id, name, resumedFrom, total);
        } else {
            LOG.info("batch {} ({}) started: {} lines", id, name, total);
        }
    }

    void completed(Object record) {
        try {
            output.append(record);
        } finally {
            inFlight.release();
        }
        progress(false);
    }

    void failed(Object record) {
        try {
            errors.append(record);
        } finally {
            inFlight.release();
        }
        progress(false);
    }

    void finish() throws IOException {
        close();
        completedAt = Instant.now();
        status = "completed";
        progress(true);
    }

    void fail(String reason) {
        try {
            close();
        } catch (IOException ignored) {
            // the failure being reported matters more
        }
        failure = reason;
        failedAt = Instant.now();
        status = "failed";
        LOG.warn("batch {} ({}) failed: {}", id, name, reason);
    }

    private void close() throws IOException {
        if (output != null) {
            output.close();
        }
        if (errors != null) {
            errors.close();
        }
    }

    /** A log line every progress interval while the file runs, and one at the end. */
    private void progress(boolean last) {
        long now = System.nanoTime();
        synchronized (this) {
            if (!last && now - lastLogNanos < progressInterval.toNanos()) {
                return;
            }
            lastLogNanos = now;
        }
        long done = completedCount() + failedCount();
        double seconds = Math.max(1e-3, (now - startNanos) / 1e9);
        LOG.info("batch {} ({}) {}: {}/{} lines ({} completed, {} failed), {} lines/s", id, name,
                last ? "completed" : "in progress", done, total, completedCount(), failedCount(),
                Math.round((done - resumedFrom) / seconds));
    }

    public String status() { return status; }
    public long total() { return total; }
    public long completedCount() { return output == null ? 0 : output.records(); }
    public long failedCount() { return errors == null ? 0 : errors.records(); }
    public Instant inProgressAt() { return inProgressAt; }
    public Instant completedAt() { return completedAt; }
    public Instant failedAt() { return failedAt; }
    public String failure() { return failure; }
    public Path outputFile() { return output == null ? null : output.file(); }
    public Path errorsFile() { return errors == null ? null : errors.file(); }
}
