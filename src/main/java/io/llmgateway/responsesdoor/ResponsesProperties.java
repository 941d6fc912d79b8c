package io.llmgateway.responsesdoor;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * The Responses API door under {@code gateway.responses:}. Stored responses (store: true) live in
 * memory: each for {@code ttl} after it was written, all together at most {@code max-store-size}
 * (their JSON bytes); beyond it the least valuable go first, and previous_response_id to one of
 * them then gets 400 previous_response_not_found.
 */
@ConfigurationProperties("gateway.responses")
public class ResponsesProperties {

    private Duration ttl = Duration.ofHours(1);
    private DataSize maxStoreSize = DataSize.ofMegabytes(64);

    public Duration getTtl() { return ttl; }
    public void setTtl(Duration ttl) { this.ttl = ttl; }
    public DataSize getMaxStoreSize() { return maxStoreSize; }
    public void setMaxStoreSize(DataSize maxStoreSize) { this.maxStoreSize = maxStoreSize; }
}
