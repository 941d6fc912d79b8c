package io.llmgateway.core;

import java.time.Duration;

/** A provider's circuit breaker ({@code gateway.providers.<id>.breaker}), Resilience4j's count-based window. */
public class BreakerSettings {
    /** Percentage of failed calls in the window that opens the circuit. */
    private float failureRateThreshold = 50;
    /** Calls the window needs before the rate is judged at all. */
    private int minimumCalls = 10;
    /** How many of the latest calls the failure rate is taken over. */
    private int slidingWindow = 20;
    /** How long an open circuit rejects calls before letting trial calls through (half-open). */
    private Duration waitInOpen = Duration.ofSeconds(30);
    /** Trial calls allowed while half-open; their outcome closes or re-opens the circuit. */
    private int permittedInHalfOpen = 2;
    /** A call slower than this counts as slow... */
    private Duration slowCallThreshold = Duration.ofSeconds(60);
    /** ...and this percentage of slow calls opens the circuit too. */
    private float slowCallRateThreshold = 100;
    /** Whether the provider's 429s count as failures (5xx, timeouts and connection errors always do, caller 4xx never). */
    private boolean countRateLimits = false;

    public float getFailureRateThreshold() { return failureRateThreshold; }
    public void setFailureRateThreshold(float v) { this.failureRateThreshold = v; }
    public int getMinimumCalls() { return minimumCalls; }
    public void setMinimumCalls(int v) { this.minimumCalls = v; }
    public int getSlidingWindow() { return slidingWindow; }
    public void setSlidingWindow(int v) { this.slidingWindow = v; }
    public Duration getWaitInOpen() { return waitInOpen; }
    public void setWaitInOpen(Duration v) { this.waitInOpen = v; }
    public int getPermittedInHalfOpen() { return permittedInHalfOpen; }
    public void setPermittedInHalfOpen(int v) { this.permittedInHalfOpen = v; }
    public Duration getSlowCallThreshold() { return slowCallThreshold; }
    public void setSlowCallThreshold(Duration v) { this.slowCallThreshold = v; }
    public float getSlowCallRateThreshold() { return slowCallRateThreshold; }
    public void setSlowCallRateThreshold(float v) { this.slowCallRateThreshold = v; }
    public boolean isCountRateLimits() { return countRateLimits; }
    public void setCountRateLimits(boolean v) { this.countRateLimits = v; }
}
