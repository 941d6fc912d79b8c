package io.llmgateway.redis;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.codec.RedisCodec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The commands nobody waits for (charges after the answer, cache writes), pipelined on a connection
 * of their own: one thread takes what requests queued and writes it in one flush, so a busy gateway
 * pays one socket write and one event-loop hand-off per batch instead of per command. After each
 * batch the thread rests {@link #LINGER} before it looks again, so at low traffic too a write carries
 * the commands of several requests: without it every request woke this thread and the event loop
 * once more, which on 2 cores showed in the next request's latency. A command therefore reaches
 * Redis within about LINGER of its request's answer. When the queue is full the command is sent on
 * the shared connection instead.
 */
final class RedisSender {

    /** A queued command: what it sends, and what to do with its outcome (null: success). */
    record Pending(Function<RedisAsyncCommands<String, byte[]>, ? extends CompletionStage<?>> command,
                   Consumer<Throwable> outcome) {
    }

    private static final int CAPACITY = 8192;
    private static final int MAX_BATCH = 256;
    /** Rest between batches: short against a minute's limits and a budget hold, long against a request. */
    static final Duration LINGER = Duration.ofMillis(2);

    private final BlockingQueue<Pending> queue = new ArrayBlockingQueue<>(CAPACITY);
    private final RedisClient client;
    private final RedisCodec<String, byte[]> codec;
    private final RedisURI uri;
    private final Thread thread;
    private StatefulRedisConnection<String, byte[]> connection;
    private volatile boolean stopping;

    RedisSender(RedisClient client, RedisCodec<String, byte[]> codec, RedisURI uri) {
        this.client = client;
        this.codec = codec;
        this.uri = uri;
        this.thread = Thread.ofPlatform().daemon().name("redis-sender").unstarted(this::run);
        thread.start();
    }

    /** Queues the command; false when the queue is full (the caller sends it itself). */
    boolean offer(Pending pending) {
        return !stopping && queue.offer(pending);
    }

    private void run() {
        List<Pending> batch = new ArrayList<>(MAX_BATCH);
        while (!stopping || !queue.isEmpty()) {
            try {
                Pending first = queue.poll(100, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch, MAX_BATCH - 1);
                send(batch);
                if (!stopping) {
                    Thread.sleep(LINGER);
                }
            } catch (InterruptedException e) {
                stopping = true;
            } finally {
                batch.clear();
            }
        }
    }

    private void send(List<Pending> batch) {
        RedisAsyncCommands<String, byte[]> commands;
        try {
            commands = open().async();
        } catch (RuntimeException e) {
            batch.forEach(pending -> pending.outcome().accept(e));
            return;
        }
        for (Pending pending : batch) {
            try {
                pending.command().apply(commands).whenComplete((result, failure) -> pending.outcome().accept(failure));
            } catch (RuntimeException e) {
                pending.outcome().accept(e);
            }
        }
        commands.flushCommands();
    }

    /** The sender's connection, made on first use off the request path; Lettuce reconnects it after that. */
    private StatefulRedisConnection<String, byte[]> open() {
        if (connection == null) {
            StatefulRedisConnection<String, byte[]> made = client.connect(codec, uri);
            made.setAutoFlushCommands(false);
            connection = made;
        }
        return connection;
    }

    /** Sends what is queued, then closes the connection (graceful shutdown: charges are not dropped). */
    void close() {
        stopping = true;
        try {
            thread.join(TimeUnit.SECONDS.toMillis(2));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (connection != null) {
            connection.close();
        }
    }
}
