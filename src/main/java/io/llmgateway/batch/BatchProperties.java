package io.llmgateway.batch;

import java.nio.file.Path;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/** The file door under {@code gateway.batch:}; the batch routes read the same keys as placeholders. */
@ConfigurationProperties("gateway.batch")
public class BatchProperties {

    private boolean enabled = true;
    private Path inbox = Path.of("data", "inbox");
    private Path outbox = Path.of("data", "outbox");
    private Path done = Path.of("data", "done");
    private Path failed = Path.of("data", "failed");
    /** Lines of one file in flight at once: the batch's share of the providers' capacity. */
    private int concurrency = 16;
    private Duration progressInterval = Duration.ofSeconds(5);
    /** Longest line read (in characters); a longer one is never held whole and gets a line_too_long error line. */
    private DataSize maxLineSize = DataSize.ofMegabytes(4);

    public boolean isEnabled() { return enabled; }
    public void setEnabled(boolean enabled) { this.enabled = enabled; }
    public Path getInbox() { return inbox; }
    public void setInbox(Path inbox) { this.inbox = inbox; }
    public Path getOutbox() { return outbox; }
    public void setOutbox(Path outbox) { this.outbox = outbox; }
    public Path getDone() { return done; }
    public void setDone(Path done) { this.done = done; }
    public Path getFailed() { return failed; }
    public void setFailed(Path failed) { this.failed = failed; }
    public int getConcurrency() { return concurrency; }
    public void setConcurrency(int concurrency) { this.concurrency = concurrency; }
    public Duration getProgressInterval() { return progressInterval; }
    public void setProgressInterval(Duration progressInterval) { this.progressInterval = progressInterval; }
    public DataSize getMaxLineSize() { return maxLineSize; }
    public void setMaxLineSize(DataSize maxLineSize) { this.maxLineSize = maxLineSize; }
}
