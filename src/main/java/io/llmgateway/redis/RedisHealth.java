package io.llmgateway.redis;

import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.actuate.health.Status;
import org.springframework.stereotype.Component;

/**
 * The shared Redis on /actuator/health ("redis"): UP when it answers a PING; FALLBACK when it does
 * not, a status the overall health ignores, since the gateway keeps serving on its in-process
 * limits (a load balancer must not take every instance out because Redis is away). Off without a url.
 */
@Component("redis")
public class RedisHealth implements HealthIndicator {

    static final Status FALLBACK = new Status("FALLBACK", "Redis unreachable: limits, budget holds and cache are per instance");

    private final RedisLink redis;

    public RedisHealth(RedisLink redis) {
        this.redis = redis;
    }

    @Override
    public Health health() {
        if (!redis.configured()) {
            return Health.up().withDetail("shared", false).withDetail("reason", "gateway.redis.url is not set").build();
        }
        boolean answered = redis.call("health", commands -> "PONG".equals(commands.ping()), () -> false);
        return Health.status(answered ? Status.UP : FALLBACK).withDetail("shared", answered)
                .withDetail("instanceCount", redis.properties().getInstanceCount()).build();
    }
}
