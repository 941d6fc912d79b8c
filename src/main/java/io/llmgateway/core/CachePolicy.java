package io.llmgateway.core;

import java.time.Duration;

/**
 * A model alias's own cache settings ({@code cache:} on an entry of gateway.models). Unset fields
 * fall back to gateway.cache.default-strategy and gateway.cache.default-ttl.
 */
public class CachePolicy {
    private CacheStrategy strategy;
    private Duration ttl;

    public CacheStrategy getStrategy() { return strategy; }
    public void setStrategy(CacheStrategy strategy) { this.strategy = strategy; }
    public Duration getTtl() { return ttl; }
    public void setTtl(Duration ttl) { this.ttl = ttl; }
}
