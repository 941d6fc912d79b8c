package io.llmgateway.core;

import java.time.Duration;

/**
 * A provider's throttle ({@code gateway.providers.<id>.limits}): requests per window and requests in
 * flight. When saturated a request waits up to {@code max-wait}, then falls over to the next model
 * (or gets 429 with Retry-After when there is none). 0 means unlimited. {@code scope: cluster} counts
 * requests per window in Redis for every instance (gateway.redis.url; a provider's rate limit is per
 * account); max-concurrent is always per instance.
 */
public class LimitSettings {
    private int requestsPerWindow = 0;
    private Duration window = Duration.ofSeconds(1);
    private int maxConcurrent = 0;
    private Duration maxWait = Duration.ofSeconds(1);
    private Scope scope = Scope.INSTANCE;

    /** Where requests per window are counted: by each instance alone, or by all together in Redis. */
    public enum Scope { INSTANCE, CLUSTER }

    public LimitSettings() {
    }

    public LimitSettings(int requestsPerWindow, Duration window, int maxConcurrent, Duration maxWait) {
        this.requestsPerWindow = requestsPerWindow;
        this.window = window;
        this.maxConcurrent = maxConcurrent;
        this.maxWait = maxWait;
    }

    public int getRequestsPerWindow() { return requestsPerWindow; }
    public void setRequestsPerWindow(int v) { this.requestsPerWindow = v; }
    public Duration getWindow() { return window; }
    public void setWindow(Duration v) { this.window = v; }
    public int getMaxConcurrent() { return maxConcurrent; }
    public void setMaxConcurrent(int v) { this.maxConcurrent = v; }
    public Duration getMaxWait() { return maxWait; }
    public void setMaxWait(Duration v) { this.maxWait = v; }
    public Scope getScope() { return scope; }
    public void setScope(Scope v) { this.scope = v == null ? Scope.INSTANCE : v; }
}
