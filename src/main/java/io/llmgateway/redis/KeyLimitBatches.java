package io.llmgateway.redis;

import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.async.RedisAsyncCommands;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;

/**
 * The key-limits script's work in batches. An admission goes to Redis at once when no batch is
 * there; otherwise it waits for the batch in flight and then goes with everything that queued
 * meanwhile, one script call per gateway key (its keys share a hash tag). A charge waits for the
 * next batch, or for the sender's next flush ({@link RedisSender#LINGER}) when no admission comes.
 * So at one connection a request costs one script call instead of two, and under load one call
 * carries many requests: Redis, Lettuce's event loop and the script's reads pay per call.
 */
final class KeyLimitBatches {

    private static final int MAX_BATCH = 128;
    private static final String USE = "key-limits";
    private static final byte[] CHARGE = RedisScript.arg("c");
    private static final byte[] ADMIT = RedisScript.arg("a");

    /** One request's part: its key's script keys, the TTL of its budget entries, its tagged values. */
    static final class Op {
        private final String[] keys;
        private final long ttlSeconds;
        private final byte[][] values;
        /** The admission's verdict; null for a charge, which nobody waits for. */
        private final CompletableFuture<List<Object>> verdict;

        private Op(String[] keys, long ttlSeconds, byte[][] values, boolean admission) {
            this.keys = keys;
            this.ttlSeconds = ttlSeconds;
            this.values = values;
            this.verdict = admission ? new CompletableFuture<>() : null;
        }

        CompletableFuture<List<Object>> verdict() {
            return verdict;
        }
    }

    private final RedisLink redis;
    private final RedisScript script;
    private final LongSupplier millis;
    private final Queue<Op> admissions = new ConcurrentLinkedQueue<>();
    private final Queue<Op> charges = new ConcurrentLinkedQueue<>();
    /** Whether an admission batch is with Redis: the next one waits for its answer. */
    private final AtomicBoolean sending = new AtomicBoolean();

    KeyLimitBatches(RedisLink redis, RedisScript script, LongSupplier millis) {
        this.redis = redis;
        this.script = script;
        this.millis = millis;
    }

    /**
     * values: rpm, tpm, prompt estimate, budget, the ledger's spend, hold member, hold lifetime, lease
     * hold member, lease size (key-limits.lua).
     */
    static Op admission(String[] keys, long ttlSeconds, byte[]... values) {
        return new Op(keys, ttlSeconds, tagged(ADMIT, values), true);
    }

    /** values: tpm, tokens used, hold member, cost (key-limits.lua). */
    static Op charge(String[] keys, long ttlSeconds, byte[]... values) {
        return new Op(keys, ttlSeconds, tagged(CHARGE, values), false);
    }

    /** Queues the admission and sends it now if no batch is in flight; its verdict completes the op's future. */
    void admit(Op admission) {
        admissions.add(admission);
        sendIfIdle();
    }

    /** Queues the charge for the next batch; {@link #flushCharges} sends it when no admission takes it first. */
    void charge(Op charge) {
        charges.add(charge);
    }

    /** Sends the charges no admission batch took, on the given (the sender's) connection. */
    CompletionStage<?> flushCharges(RedisAsyncCommands<String, byte[]> commands) {
        List<Op> batch = new ArrayList<>();
        drain(charges, batch);
        if (batch.isEmpty()) {
            return CompletableFuture.completedFuture(null);
        }
        List<CompletableFuture<?>> sent = new ArrayList<>();
        for (List<Op> group : byKey(batch).values()) {
            sent.add(send(commands, group, false).toCompletableFuture());
        }
        return CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new));
    }

    private void sendIfIdle() {
        while (!admissions.isEmpty() && sending.compareAndSet(false, true)) {
            if (sendBatch()) {
                return;
            }
            sending.set(false);
        }
    }

    /** Sends what is queued as one batch; false when nothing was (the flag is then the caller's to clear). */
    private boolean sendBatch() {
        List<Op> batch = new ArrayList<>();
        drain(charges, batch);
        int charged = batch.size();
        drain(admissions, batch);
        if (batch.size() == charged) {
            charges.addAll(batch); // no admission after all (given up on): the charges wait for the flush
            return false;
        }
        RedisAsyncCommands<String, byte[]> commands = redis.async();
        Map<String, List<Op>> groups = byKey(batch);
        AtomicInteger left = new AtomicInteger(groups.size());
        for (List<Op> group : groups.values()) {
            CompletionStage<List<Object>> reply = commands == null
                    ? CompletableFuture.failedFuture(new IllegalStateException("Redis is not connected"))
                    : send(commands, group, true);
            reply.whenComplete((verdicts, failure) -> {
                if (left.decrementAndGet() == 0) {
                    sending.set(false);
                    sendIfIdle();
                }
            });
        }
        return true;
    }

    /**
     * One script call for one gateway key's ops; completes their verdicts, or fails them. {@code report}:
     * whether its outcome marks Redis up or down here (a flush's outcome is the sender's to report).
     */
    private CompletionStage<List<Object>> send(RedisAsyncCommands<String, byte[]> commands, List<Op> group, boolean report) {
        Op first = group.getFirst();
        List<byte[]> args = new ArrayList<>(2 + group.size() * 8);
        args.add(RedisScript.arg(millis.getAsLong()));
        args.add(RedisScript.arg(first.ttlSeconds));
        for (Op op : group) {
            args.addAll(List.of(op.values));
        }
        CompletionStage<List<Object>> reply;
        try {
            reply = redis.evalAsync(commands, script, ScriptOutputType.MULTI, first.keys, args.toArray(byte[][]::new));
        } catch (RuntimeException e) {
            reply = CompletableFuture.failedFuture(e);
        }
        return reply.whenComplete((verdicts, failure) -> {
            if (report && failure != null) {
                redis.down(failure);
            } else if (report) {
                redis.answered();
            }
            deliver(group, verdicts, failure, report);
        });
    }

    /** Each admission's verdict or the failure (its caller falls back and counts it); a lost charge is counted here. */
    @SuppressWarnings("unchecked")
    private void deliver(List<Op> group, List<Object> verdicts, Throwable failure, boolean report) {
        int next = 0;
        for (Op op : group) {
            if (op.verdict == null) {
                if (failure != null && report) {
                    redis.fellBack(USE);
                }
                continue;
            }
            if (failure != null) {
                op.verdict.completeExceptionally(failure);
            } else {
                op.verdict.complete((List<Object>) verdicts.get(next++));
            }
        }
    }

    /** Charges first (they free budget and tokens), then admissions, in the order they came; at most MAX_BATCH of each. */
    private static void drain(Queue<Op> queue, List<Op> into) {
        for (int i = 0; i < MAX_BATCH; i++) {
            Op op = queue.poll();
            if (op == null) {
                return;
            }
            if (op.verdict == null || !op.verdict.isDone()) { // an admission given up on (timed out) is not sent
                into.add(op);
            }
        }
    }

    /** By the key's budget entry (key id and budget period): one script call each, keys in one hash slot. */
    private static Map<String, List<Op>> byKey(List<Op> batch) {
        Map<String, List<Op>> groups = new LinkedHashMap<>();
        for (Op op : batch) {
            groups.computeIfAbsent(op.keys[2], key -> new ArrayList<>()).add(op);
        }
        return groups;
    }

    private static byte[][] tagged(byte[] tag, byte[][] values) {
        byte[][] all = new byte[values.length + 1][];
        all[0] = tag;
        System.arraycopy(values, 0, all, 1, values.length);
        return all;
    }
}
