package io.llmgateway.responsesdoor;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * The Responses API door under {@code gateway.responses:}. Stored responses (store: true) are kept
 * for {@code ttl} after they were written, in {@code store}: {@code memory} (the default: this
 * process only, all together at most {@code max-store-size} of JSON bytes, the least valuable
 * going first beyond it) or {@code database} (the gateway's store, spring.datasource: they survive
 * restarts and every instance on the same database sees them; expired rows are deleted every
 * {@code prune-interval}). Either way a response larger than {@code max-response-size} (its
 * Response, input and earlier conversation) is not kept; previous_response_id to a response that
 * is not kept gets 400 previous_response_not_found.
 */
@ConfigurationProperties("gateway.responses")
public class ResponsesProperties {

    /** Where stored responses live. */
    public enum Store { MEMORY, DATABASE }

    private Store store = Store.MEMORY;
    private Duration ttl = Duration.ofHours(1);
    private DataSize maxStoreSize = DataSize.ofMegabytes(64);
    private DataSize maxResponseSize = DataSize.ofMegabytes(8);
    private Duration pruneInterval = Duration.ofMinutes(5);

    public Store getStore() { return store; }
    public void setStore(Store store) { this.store = store; }
    public Duration getTtl() { return ttl; }
    public void setTtl(Duration ttl) { this.ttl = ttl; }
    public DataSize getMaxStoreSize() { return maxStoreSize; }
    public void setMaxStoreSize(DataSize maxStoreSize) { this.maxStoreSize = maxStoreSize; }
    public DataSize getMaxResponseSize() { return maxResponseSize; }
    public void setMaxResponseSize(DataSize maxResponseSize) { this.maxResponseSize = maxResponseSize; }
    public Duration getPruneInterval() { return pruneInterval; }
    public void setPruneInterval(Duration pruneInterval) { this.pruneInterval = pruneInterval; }
}
