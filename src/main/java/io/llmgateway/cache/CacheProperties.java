package io.llmgateway.cache;

import io.llmgateway.core.CacheStrategy;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * The response cache under {@code gateway.cache:}. Per-alias overrides live on the model entry
 * ({@code gateway.models[].cache.strategy / ttl}). Memory is bounded by max-size (the stored
 * answers' bytes), and the count by max-entries.
 */
@ConfigurationProperties("gateway.cache")
public class CacheProperties {

    /** Strategy for model aliases that do not name their own. */
    private CacheStrategy defaultStrategy = CacheStrategy.CONSERVATIVE;
    /** How long an answer stays servable, for aliases without their own ttl. */
    private Duration defaultTtl = Duration.ofHours(1);
    /** Most answers kept at once; beyond this Caffeine evicts the least valuable (W-TinyLFU). */
    private long maxEntries = 10_000;
    /** Most bytes of answers (serialised JSON, plus key) kept at once; beyond this Caffeine evicts. */
    private DataSize maxSize = DataSize.ofMegabytes(64);
    /** Larger answers (as serialised JSON) are not kept. */
    private DataSize maxResponseSize = DataSize.ofKilobytes(64);

    public CacheStrategy getDefaultStrategy() { return defaultStrategy; }
    public void setDefaultStrategy(CacheStrategy defaultStrategy) { this.defaultStrategy = defaultStrategy; }
    public Duration getDefaultTtl() { return defaultTtl; }
    public void setDefaultTtl(Duration defaultTtl) { this.defaultTtl = defaultTtl; }
    public long getMaxEntries() { return maxEntries; }
    public void setMaxEntries(long maxEntries) { this.maxEntries = maxEntries; }
    public DataSize getMaxSize() { return maxSize; }
    public void setMaxSize(DataSize maxSize) { this.maxSize = maxSize; }
    public DataSize getMaxResponseSize() { return maxResponseSize; }
    public void setMaxResponseSize(DataSize maxResponseSize) { this.maxResponseSize = maxResponseSize; }
}
