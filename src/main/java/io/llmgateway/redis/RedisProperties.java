package io.llmgateway.redis;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The shared store under {@code gateway.redis:} (env GATEWAY_REDIS_URL). Without a url every
 * instance keeps its limits, budget holds and cache in process, as a single gateway does.
 */
@ConfigurationProperties("gateway.redis")
public class RedisProperties {

    /** redis://[:password@]host:port[/db] or rediss:// for TLS; empty = nothing shared. */
    private String url = "";
    /**
     * How many gateway instances share the limits: while Redis is unreachable each instance enforces
     * its per-key requests and tokens per minute divided by this, so together they stay near the limit.
     */
    private int instanceCount = 1;
    /** Longest wait for one Redis command (and for connecting); past it the request uses the fallback. */
    private Duration timeout = Duration.ofMillis(250);
    /** After a failure Redis is left alone this long (the fallback serves), then tried again. */
    private Duration retryInterval = Duration.ofSeconds(1);
    /** Put before every key, so several gateway deployments can share one Redis. */
    private String keyPrefix = "gateway:";

    public boolean isConfigured() {
        return url != null && !url.isBlank();
    }

    public String getUrl() { return url; }
    public void setUrl(String url) { this.url = url; }
    public int getInstanceCount() { return instanceCount; }
    public void setInstanceCount(int instanceCount) { this.instanceCount = Math.max(1, instanceCount); }
    public Duration getTimeout() { return timeout; }
    public void setTimeout(Duration timeout) { this.timeout = timeout; }
    public Duration getRetryInterval() { return retryInterval; }
    public void setRetryInterval(Duration retryInterval) { this.retryInterval = retryInterval; }
    public String getKeyPrefix() { return keyPrefix; }
    public void setKeyPrefix(String keyPrefix) { this.keyPrefix = keyPrefix; }
}
