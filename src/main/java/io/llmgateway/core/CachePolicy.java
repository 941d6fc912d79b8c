package io.llmgateway.core;

import java.time.Duration;

/**
 * A model alias's own cache settings ({@code cache:} on an entry of gateway.models). Unset fields
 * fall back to gateway.cache.default-strategy and gateway.cache.default-ttl.
 */
public class CachePolicy {
    private CacheStrategy strategy;
    private Duration ttl;
    /** Whether this alias's answers are also kept in Redis for every instance (gateway.redis.url); null: gateway.cache.shared. */
    private Boolean shared;

    public CacheStrategy getStrategy() { return strategy; }
    public void setStrategy(CacheStrategy strategy) { this.strategy = strategy; }
    public Duration getTtl() { return ttl; }
    public void setTtl(Duration ttl) { this.ttl = ttl; }
    public Boolean getShared() { return shared; }
    public void setShared(Boolean shared) { this.shared = shared; }
}
