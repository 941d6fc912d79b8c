package io.llmgateway.redis;

import static io.llmgateway.redis.RedisScript.arg;

import io.lettuce.core.ScriptOutputType;
import java.time.Duration;
import org.springframework.stereotype.Component;

/**
 * A provider's requests per window shared by every instance (limits.scope: cluster), since a
 * provider's real rate limit is per account, not per gateway: a fixed window counted in Redis
 * (redis/provider-window.lua). A request that finds the window full waits for the next one while
 * that is within its max-wait, as the in-process limiter does.
 */
@Component
public class SharedThrottle {

    private static final RedisScript SCRIPT = RedisScript.load("provider-window");

    /** What Redis said: go, no permit within max-wait, or nothing (unreachable: use the in-process limiter). */
    public enum Permit { GRANTED, REFUSED, UNKNOWN }

    private final RedisLink redis;

    public SharedThrottle(RedisLink redis) {
        this.redis = redis;
    }

    public boolean configured() {
        return redis.configured();
    }

    public int instanceCount() {
        return redis.configured() ? redis.properties().getInstanceCount() : 1;
    }

    public Permit acquire(String providerId, int requestsPerWindow, Duration window, Duration maxWait) {
        long deadline = System.nanoTime() + maxWait.toNanos();
        String[] keys = {redis.key("provider:" + providerId, "window")};
        while (true) {
            Long wait = redis.call("provider-limits", commands -> redis.<Long>eval(commands, SCRIPT, ScriptOutputType.INTEGER, keys,
                    arg(window.toMillis()), arg(requestsPerWindow)), () -> null);
            if (wait == null) {
                return Permit.UNKNOWN;
            }
            if (wait == 0) {
                return Permit.GRANTED;
            }
            long waitNanos = Duration.ofMillis(wait).toNanos();
            if (System.nanoTime() + waitNanos - deadline > 0) {
                return Permit.REFUSED;
            }
            try {
                Thread.sleep(Duration.ofNanos(waitNanos));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Permit.REFUSED;
            }
        }
    }
}
