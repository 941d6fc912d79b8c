package io.llmgateway.redis;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * The one Lettuce client and connection to the shared Redis (gateway.redis.url), and whether it is
 * usable now. Every use goes through {@link #call}: a command that fails or times out marks Redis
 * down (one WARN line, the gateway.redis.up gauge at 0) and the caller's in-process fallback
 * answers; for retry-interval nothing is sent, then the next call tries again and, when it
 * succeeds, marks Redis up (one WARN line). Without a url it is never used and nothing connects.
 */
@Component
public class RedisLink implements DisposableBean {

    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    private static final Logger LOG = LoggerFactory.getLogger(RedisLink.class);
    /** Keys and values are UTF-8 text; the cache's values are bytes, on the same connection. */
    private static final RedisCodec<String, byte[]> CODEC = RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE);

    private final RedisProperties properties;
    private final RedisClient client;
    private final MeterRegistry meters;
    private final RedisURI uri;
    /** Null without a url. */
    private final RedisSender sender;
    private volatile StatefulRedisConnection<String, byte[]> connection;
    private boolean connecting;
    /** null until the first command, then whether the last one succeeded. */
    private volatile Boolean state;
    private final Map<String, Counter> fallbacks = new ConcurrentHashMap<>();
    /** System.nanoTime() before which a down Redis is not tried again. */
    private volatile long retryAt;

    public RedisLink(RedisProperties properties, MeterRegistry meters) {
        this.properties = properties;
        this.meters = meters;
        if (!properties.isConfigured()) {
            this.client = null;
            this.uri = null;
            this.sender = null;
            return;
        }
        this.uri = RedisURI.create(properties.getUrl());
        // the connection's handshake waits this long; commands wait gateway.redis.timeout (timeoutOptions)
        uri.setTimeout(CONNECT_TIMEOUT);
        this.client = RedisClient.create();
        client.setOptions(ClientOptions.builder()
                .autoReconnect(true)
                // while reconnecting, fail at once (the fallback answers) rather than queue the request's command
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                // connects happen off the request path (see usable): give a busy start a moment
                .socketOptions(SocketOptions.builder().connectTimeout(CONNECT_TIMEOUT).build())
                .timeoutOptions(TimeoutOptions.enabled(properties.getTimeout()))
                .build());
        Gauge.builder("gateway.redis.up", this, link -> link.up() ? 1 : 0)
                .description("1 while the shared Redis answers, 0 while limits, budgets and cache use their in-process fallback")
                .register(meters);
        this.sender = new RedisSender(client, CODEC, uri);
        connect();
    }

    /** Whether gateway.redis.url is set (the instance is one of several). */
    public boolean configured() {
        return client != null;
    }

    public boolean up() {
        return state == Boolean.TRUE;
    }

    public RedisProperties properties() {
        return properties;
    }

    /** The prefixed key of one Redis entry; {@code slot} is its hash tag, so a script's keys share a cluster slot. */
    public String key(String slot, String name) {
        return properties.getKeyPrefix() + "{" + slot + "}:" + name;
    }

    /**
     * Runs a command on Redis, or the fallback when Redis is not configured, is down, or fails now
     * ({@code use} names what fell back, a tag of gateway.redis.fallbacks). Never throws for Redis.
     */
    public <T> T call(String use, Function<RedisCommands<String, byte[]>, T> command, Supplier<T> fallback) {
        StatefulRedisConnection<String, byte[]> open = usable();
        if (open == null) {
            return fellBack(use, fallback);
        }
        try {
            T result = command.apply(open.sync());
            markUp();
            return result;
        } catch (RuntimeException e) {
            markDown(e);
            return fellBack(use, fallback);
        }
    }

    /**
     * Sends a command without waiting for it (work after the answer is out): queued for the sender's
     * pipelined connection, or sent on the shared one when that queue is full. A failure marks Redis down.
     */
    public void send(String use, Function<RedisAsyncCommands<String, byte[]>, ? extends java.util.concurrent.CompletionStage<?>> command) {
        StatefulRedisConnection<String, byte[]> open = usable();
        if (open == null) {
            fallbacks(use).increment();
            return;
        }
        RedisSender.Pending pending = new RedisSender.Pending(command, failure -> {
            if (failure == null) {
                markUp();
            } else {
                markDown(failure);
                fallbacks(use).increment();
            }
        });
        if (sender.offer(pending)) {
            return;
        }
        try {
            command.apply(open.async()).whenComplete((result, failure) -> pending.outcome().accept(failure));
        } catch (RuntimeException e) {
            pending.outcome().accept(e);
        }
    }

    /**
     * The shared connection's asynchronous commands, for work that batches itself (KeyLimitBatches);
     * null when Redis is not to be used now. Its outcome is reported with {@link #answered} or {@link #down}.
     */
    RedisAsyncCommands<String, byte[]> async() {
        StatefulRedisConnection<String, byte[]> open = usable();
        return open == null ? null : open.async();
    }

    /** A command sent through {@link #async} answered: Redis is up. */
    void answered() {
        markUp();
    }

    /** A command sent through {@link #async} failed: Redis is down for retry-interval. */
    void down(Throwable cause) {
        markDown(cause);
    }

    /** {@code use} fell back without asking Redis (not configured, or down). */
    void fellBack(String use) {
        fallbacks(use).increment();
    }

    /** EVALSHA, and EVAL when Redis does not know the script (first use, or a restarted Redis). */
    public <T> T eval(RedisCommands<String, byte[]> redis, RedisScript script, ScriptOutputType type, String[] keys, byte[]... args) {
        try {
            return redis.evalsha(script.sha(), type, keys, args);
        } catch (RedisNoScriptException e) {
            return redis.eval(script.text(), type, keys, args);
        }
    }

    /** The asynchronous {@link #eval}. */
    public <T> java.util.concurrent.CompletionStage<T> evalAsync(RedisAsyncCommands<String, byte[]> redis, RedisScript script,
                                                                 ScriptOutputType type, String[] keys, byte[]... args) {
        return redis.<T>evalsha(script.sha(), type, keys, args).exceptionallyCompose(e -> {
            Throwable cause = e instanceof java.util.concurrent.CompletionException ? e.getCause() : e;
            if (!(cause instanceof RedisNoScriptException)) {
                return java.util.concurrent.CompletableFuture.failedFuture(cause);
            }
            java.util.concurrent.CompletionStage<T> again = redis.eval(script.text(), type, keys, args);
            redis.flushCommands(); // the sender's connection flushes only when told (RedisSender)
            return again;
        });
    }

    /**
     * The open connection; null when Redis is not to be used now. Until a first connection is made
     * (Lettuce reconnects by itself after that) a connect is started in the background when due,
     * so no request waits for it.
     */
    private StatefulRedisConnection<String, byte[]> usable() {
        if (client == null || (state == Boolean.FALSE && System.nanoTime() - retryAt < 0)) {
            return null;
        }
        StatefulRedisConnection<String, byte[]> open = connection;
        if (open == null) {
            connect();
        }
        return open;
    }

    private synchronized void connect() {
        if (connection != null || connecting) {
            return;
        }
        connecting = true;
        client.connectAsync(CODEC, uri).whenComplete((open, failure) -> {
            synchronized (this) {
                connecting = false;
                if (failure != null) {
                    markDown(failure);
                    return;
                }
                open.setTimeout(properties.getTimeout());
                connection = open;
            }
            markUp();
        });
    }

    private void markUp() {
        if (state != Boolean.TRUE) {
            synchronized (this) {
                if (state != Boolean.TRUE) {
                    if (state == Boolean.FALSE) {
                        LOG.warn("Redis at {} answers again: per-key limits, budget holds and the cache are shared by every instance",
                                where());
                    } else {
                        LOG.info("Redis at {}: per-key limits, budget holds and the cache are shared by every instance", where());
                    }
                    state = Boolean.TRUE;
                }
            }
        }
    }

    private void markDown(Throwable cause) {
        retryAt = System.nanoTime() + properties.getRetryInterval().toNanos();
        if (state != Boolean.FALSE) {
            synchronized (this) {
                if (state != Boolean.FALSE) {
                    state = Boolean.FALSE;
                    LOG.warn("Redis at {} is unreachable ({}): each instance falls back to its own limits (per-key limits divided by "
                            + "gateway.redis.instance-count={}), its own budget holds and its own cache until Redis answers again",
                            where(), reason(cause), properties.getInstanceCount());
                }
            }
        }
    }

    /** host:port only: the url may carry a password. */
    private String where() {
        return uri.getHost() + ":" + uri.getPort();
    }

    /** The failure's innermost message (Redis's own errors name no secret; the url is not in them). */
    private static String reason(Throwable failure) {
        Throwable cause = failure;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        return cause.getClass().getSimpleName() + (cause.getMessage() == null ? "" : ": " + cause.getMessage());
    }

    private <T> T fellBack(String use, Supplier<T> fallback) {
        fallbacks(use).increment();
        return fallback.get();
    }

    private Counter fallbacks(String use) {
        return fallbacks.computeIfAbsent(use, tag -> Counter.builder("gateway.redis.fallbacks")
                .description("Operations that used their in-process fallback because Redis was unreachable")
                .tag("use", tag).register(meters));
    }

    @Override
    public void destroy() {
        if (client != null) {
            sender.close();
            StatefulRedisConnection<String, byte[]> open = connection;
            if (open != null) {
                open.close();
            }
            client.shutdown(0, 2, TimeUnit.SECONDS);
        }
    }

}
