package io.llmgateway.redis;

import static io.llmgateway.redis.RedisScript.arg;

import io.lettuce.core.ScriptOutputType;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * The response cache's second level in Redis, behind each instance's Caffeine: an answer kept by
 * one instance is a hit on every other. Entries keep their alias's TTL (Redis expires them), their
 * key is the first level's (tenant, alias and canonical request, hashed), and the level is bounded
 * by gateway.cache.max-entries and max-size as the first (redis/response-cache.lua). All its keys
 * share one hash tag, so on a Redis Cluster the shared cache lives on one node.
 */
@Component
public class SharedResponseCache {

    private static final RedisScript SCRIPT = RedisScript.load("response-cache");
    private static final byte[] GET = "get".getBytes(StandardCharsets.UTF_8);

    private final RedisLink redis;

    public SharedResponseCache(RedisLink redis) {
        this.redis = redis;
    }

    /** One kept answer as Redis returned it: its JSON, the provider, when it was stored, how long it has left. */
    public record Hit(byte[] body, String provider, long storedAtMillis, Duration left) {
    }

    public boolean configured() {
        return redis.configured();
    }

    /** The answer kept under this key by any instance; null when none (or Redis cannot say). */
    public Hit get(String key) {
        return redis.call("response-cache", commands -> {
            List<Object> reply = redis.eval(commands, SCRIPT, ScriptOutputType.MULTI, keys(key), GET);
            return reply == null || reply.size() < 2 ? null : decode((byte[]) reply.get(0), ((Number) reply.get(1)).longValue());
        }, () -> null);
    }

    /** Keeps an answer for every instance, sent without waiting. */
    public void put(String key, byte[] body, String provider, long storedAtMillis, Duration ttl, long maxEntries, long maxBytes) {
        byte[] value = encode(body, provider, storedAtMillis);
        redis.send("response-cache", commands -> redis.evalAsync(commands, SCRIPT, ScriptOutputType.INTEGER, keys(key),
                arg("put"), value, arg(ttl.toMillis()), arg(maxEntries), arg(maxBytes)));
    }

    /** Drops every shared entry; how many there were (0 when Redis cannot say). */
    public long flush() {
        return redis.call("response-cache", commands -> redis.<Long>eval(commands, SCRIPT, ScriptOutputType.INTEGER,
                keys("flush"), arg("flush")), () -> 0L);
    }

    private String[] keys(String key) {
        return new String[] {redis.key("cache", "index"), redis.key("cache", "sizes"), redis.key("cache", "entry:" + key)};
    }

    /** provider, a newline, the store time (epoch ms), a newline, then the answer's JSON. */
    private static byte[] encode(byte[] body, String provider, long storedAtMillis) {
        byte[] head = ((provider == null ? "" : provider) + "\n" + storedAtMillis + "\n").getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(head.length + body.length).put(head).put(body).array();
    }

    private static Hit decode(byte[] value, long millisLeft) {
        int first = indexOf(value, 0);
        int second = indexOf(value, first + 1);
        if (first < 0 || second < 0 || millisLeft <= 0) {
            return null;
        }
        String provider = new String(value, 0, first, StandardCharsets.UTF_8);
        long storedAt = Long.parseLong(new String(value, first + 1, second - first - 1, StandardCharsets.UTF_8));
        byte[] body = java.util.Arrays.copyOfRange(value, second + 1, value.length);
        return new Hit(body, provider.isEmpty() ? null : provider, storedAt, Duration.ofMillis(millisLeft));
    }

    private static int indexOf(byte[] value, int from) {
        for (int i = Math.max(0, from); i < value.length; i++) {
            if (value[i] == '\n') {
                return i;
            }
        }
        return -1;
    }
}
