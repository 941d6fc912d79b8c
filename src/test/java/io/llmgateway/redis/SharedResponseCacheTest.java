package io.llmgateway.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.llmgateway.support.RedisServer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The response cache's shared level on a real Redis: entries keep their TTL, the level stays within
 * max-entries and max-size (the entries closest to expiry leave first), and a flush empties it.
 */
class SharedResponseCacheTest {

    @Test
    void entriesKeepTheirTtlAndTheLevelStaysWithinItsBounds() {
        try (RedisServer server = RedisServer.start()) {
            RedisProperties properties = new RedisProperties();
            properties.setUrl(server.url());
            RedisLink link = new RedisLink(properties, new SimpleMeterRegistry());
            RedisClient client = RedisClient.create(server.url());
            try (StatefulRedisConnection<String, String> redis = client.connect()) {
                await().atMost(Duration.ofSeconds(10)).until(link::up);
                SharedResponseCache cache = new SharedResponseCache(link);
                byte[] answer = "{\"id\":\"chatcmpl-1\"}".getBytes(StandardCharsets.UTF_8);

                cache.put("k1", answer, "openai", 1_000, Duration.ofMinutes(10), 3, 1_000_000);
                await().atMost(Duration.ofSeconds(5)).until(() -> cache.get("k1") != null);
                SharedResponseCache.Hit hit = cache.get("k1");
                assertThat(hit.body()).isEqualTo(answer);
                assertThat(hit.provider()).isEqualTo("openai");
                assertThat(hit.storedAtMillis()).isEqualTo(1_000);
                assertThat(hit.left()).isBetween(Duration.ofMinutes(9), Duration.ofMinutes(10));

                // three entries at most: the one closest to expiry (k1, 10 minutes) leaves for the fourth
                for (int i = 2; i <= 4; i++) {
                    cache.put("k" + i, answer, "openai", 1_000, Duration.ofHours(i), 3, 1_000_000);
                }
                await().atMost(Duration.ofSeconds(5)).until(() -> cache.get("k4") != null);
                assertThat(cache.get("k1")).isNull();
                assertThat(redis.sync().zcard("gateway:{cache}:index")).isEqualTo(3);

                // bytes: 2 answers' worth keeps two (the head each entry carries is counted too)
                long twoEntries = 2L * (answer.length + "openai\n1000\n".length());
                cache.put("k5", answer, "openai", 1_000, Duration.ofHours(5), 3, twoEntries);
                await().atMost(Duration.ofSeconds(5)).until(() -> cache.get("k5") != null);
                assertThat(redis.sync().zcard("gateway:{cache}:index")).isEqualTo(2);
                assertThat(redis.sync().hget("gateway:{cache}:sizes", "#bytes")).isEqualTo(String.valueOf(twoEntries));

                assertThat(cache.flush()).isEqualTo(2);
                assertThat(redis.sync().keys("gateway:{cache}:*")).isEmpty();
            } finally {
                client.shutdown();
                link.destroy();
            }
        }
    }
}
