package io.llmgateway.core;

import java.time.Duration;

/**
 * A provider's throttle ({@code gateway.providers.<id>.limits}): requests per window and requests in
 * flight. When saturated a request waits up to {@code max-wait}, then falls over to the next model
 * (or gets 429 with Retry-After when there is none). 0 means unlimited.
 */
public class LimitSettings {
    private int requestsPerWindow = 0;
    private Duration window = Duration.ofSeconds(1);
    private int maxConcurrent = 0;
    private Duration maxWait = Duration.ofSeconds(1);

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
}
