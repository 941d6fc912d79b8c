package io.llmgateway.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.llmgateway.support.RedisServer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;

/**
 * Commands sent without waiting (charges, cache writes) go out pipelined on the sender's connection:
 * from many threads at once none is lost or sent twice, and a shutdown sends what is still queued.
 */
class RedisSenderTest {

    @Test
    void everyCommandArrivesOnceAndAShutdownSendsWhatIsQueued() throws Exception {
        try (RedisServer server = RedisServer.start()) {
            RedisProperties properties = new RedisProperties();
            properties.setUrl(server.url());
            // a burst on cold code and 2 busy cores: the test is about loss, not about the 250 ms default
            properties.setTimeout(Duration.ofSeconds(10));
            RedisLink link = new RedisLink(properties, new SimpleMeterRegistry());
            RedisClient client = RedisClient.create(server.url());
            try (StatefulRedisConnection<String, String> redis = client.connect()) {
                await().atMost(Duration.ofSeconds(10)).until(link::up);
                try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
                    for (int t = 0; t < 16; t++) {
                        threads.submit(() -> {
                            for (int i = 0; i < 500; i++) {
                                link.send("test", commands -> commands.incr("gateway:sent"));
                            }
                        });
                    }
                }
                link.destroy(); // right after the last send: what is queued still goes out
                assertThat(redis.sync().get("gateway:sent")).isEqualTo("8000");
            } finally {
                client.shutdown();
            }
        }
    }
}
