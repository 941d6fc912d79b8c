package io.llmgateway.usage;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/** The spend ledger under {@code gateway.ledger}: one row per request in the store, written in batches. */
@ConfigurationProperties("gateway.ledger")
public class LedgerProperties {

    /**
     * Off: no rows are written. Budgets, per-minute windows and key usage then count only this run's
     * requests, in memory (a restart forgets them, other instances do not see them); /admin/requests
     * and /admin/spend show nothing new.
     */
    private boolean enabled = true;
    /**
     * Requests refused at the door (401, 413, unknown paths) written as rows of their own, at most this
     * many a minute per instance; all of them, beyond it too, are counted in spend_daily (/admin/spend),
     * so a flood of bad keys cannot fill the store.
     */
    private int refusalRowsPerMinute = 60;
    /** Longest a row waits in memory before it is written; what a crash (kill -9) can lose. */
    private Duration flushInterval = Duration.ofSeconds(1);
    /**
     * Most rows per insert batch (one transaction, one commit). Up to this many requests a second,
     * the writer commits once per flush interval: H2 rewrites the changed pages at every commit.
     */
    private int batchSize = 2_000;
    /** Rows waiting at most; beyond it the request's own thread writes its row (slower, nothing lost). */
    private int queueCapacity = 20_000;
    /** Rows older than this are deleted by the ledger-retention route. */
    private Duration retention = Duration.ofDays(90);
    /** Rows deleted per statement while pruning: small, so no long lock on the table. */
    private int pruneBatchSize = 1_000;
    /** How often the ledger-retention route runs (read by the route in routes/store.camel.yaml). */
    private Duration pruneInterval = Duration.ofHours(1);
    /** Its first run after the start. */
    private Duration pruneDelay = Duration.ofMinutes(1);

    public boolean isEnabled() { return enabled; }
    public void setEnabled(boolean enabled) { this.enabled = enabled; }
    public int getRefusalRowsPerMinute() { return refusalRowsPerMinute; }
    public void setRefusalRowsPerMinute(int refusalRowsPerMinute) { this.refusalRowsPerMinute = refusalRowsPerMinute; }
    public Duration getFlushInterval() { return flushInterval; }
    public void setFlushInterval(Duration flushInterval) { this.flushInterval = flushInterval; }
    public int getBatchSize() { return batchSize; }
    public void setBatchSize(int batchSize) { this.batchSize = batchSize; }
    public int getQueueCapacity() { return queueCapacity; }
    public void setQueueCapacity(int queueCapacity) { this.queueCapacity = queueCapacity; }
    public Duration getRetention() { return retention; }
    public void setRetention(Duration retention) { this.retention = retention; }
    public int getPruneBatchSize() { return pruneBatchSize; }
    public void setPruneBatchSize(int pruneBatchSize) { this.pruneBatchSize = pruneBatchSize; }
    public Duration getPruneInterval() { return pruneInterval; }
    public void setPruneInterval(Duration pruneInterval) { this.pruneInterval = pruneInterval; }
    public Duration getPruneDelay() { return pruneDelay; }
    public void setPruneDelay(Duration pruneDelay) { this.pruneDelay = pruneDelay; }
}
