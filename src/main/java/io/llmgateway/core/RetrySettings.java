package io.llmgateway.core;

import java.time.Duration;

/**
 * Retries on one provider before falling over ({@code gateway.providers.<id>.retry}): exponential
 * backoff with jitter; a Retry-After / x-ratelimit-reset hint replaces the backoff when it is within
 * {@code retry-after-cap} (a longer hint means: fall over now instead of waiting).
 */
public class RetrySettings {
    /** Attempts on this provider per request, the first included (1 = no retry). */
    private int maxAttempts = 2;
    private Duration initialBackoff = Duration.ofMillis(250);
    private Duration maxBackoff = Duration.ofSeconds(4);
    private double multiplier = 2;
    /** Random spread of each backoff, as a fraction (0.2 = +/-20%). */
    private double jitter = 0.2;
    private Duration retryAfterCap = Duration.ofSeconds(10);

    public int getMaxAttempts() { return maxAttempts; }
    public void setMaxAttempts(int v) { this.maxAttempts = v; }
    public Duration getInitialBackoff() { return initialBackoff; }
    public void setInitialBackoff(Duration v) { this.initialBackoff = v; }
    public Duration getMaxBackoff() { return maxBackoff; }
    public void setMaxBackoff(Duration v) { this.maxBackoff = v; }
    public double getMultiplier() { return multiplier; }
    public void setMultiplier(double v) { this.multiplier = v; }
    public double getJitter() { return jitter; }
    public void setJitter(double v) { this.jitter = v; }
    public Duration getRetryAfterCap() { return retryAfterCap; }
    public void setRetryAfterCap(Duration v) { this.retryAfterCap = v; }
}
