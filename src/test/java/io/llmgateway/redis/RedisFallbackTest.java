package io.llmgateway.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.llmgateway.support.FakeProvider;
import io.llmgateway.support.LogCapture;
import io.llmgateway.support.OpenAiWire;
import io.llmgateway.support.RedisServer;
import io.llmgateway.support.StoreGateway;
import io.llmgateway.support.TestDatabases;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The failure behaviour on one gateway of two (gateway.redis.instance-count=2): while Redis is
 * away a key's requests per minute are its share (the limit halved), the health says FALLBACK
 * while the gateway stays UP, one WARN line marks each transition, and the shared count resumes
 * when Redis is back. Its per-minute window refills one request a minute: none refills during the test.
 */
class RedisFallbackTest {

    @Test
    void whileRedisIsAwayEachInstanceAllowsItsShareAndOneWarnMarksEachTransition() {
        try (FakeProvider openai = new FakeProvider(FakeProvider.Answer.json(200, OpenAiWire.completion("gpt-4o-mini", "Hi")));
             RedisServer redis = RedisServer.start();
             StoreGateway gateway = StoreGateway.start(TestDatabases.newH2Url(), openai,
                     "gateway.redis.url=" + redis.url(), "gateway.redis.instance-count=2", "gateway.redis.timeout=5s",
                     "gateway.redis.retry-interval=200ms")) {
            String secret = gateway.adminOk("POST", "/admin/keys", "{\"id\":\"fallback\",\"requests_per_minute\":2}")
                    .path("key").asText();
            assertThat(gateway.bean(RedisLink.class).up()).isTrue();
            String where = "Redis at 127.0.0.1:" + redis.port();

            redis.stop();
            List<Integer> away = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                away.add(gateway.chat(secret, "mock-gpt").statusCode());
            }

            // RPM 2 over 2 instances: this one allows 1 on its own, and refuses the rest with 429, never 500
            assertThat(away).containsExactly(200, 429, 429, 429, 429);
            com.fasterxml.jackson.databind.JsonNode health = gateway.adminOk("GET", "/actuator/health", null);
            assertThat(health.path("status").asText()).isEqualTo("UP");
            assertThat(health.path("components").path("redis").path("status").asText()).isEqualTo("FALLBACK");
            assertThat(gateway.bean(MeterRegistry.class).get("gateway.redis.up").gauge().value()).isZero();
            assertThat(warnings(where + " is unreachable")).hasSize(1);

            redis.restart();
            // an empty Redis again: the key's shared minute starts afresh, with both of its requests
            await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100))
                    .until(() -> gateway.bean(RedisLink.class).up() || gateway.chat(secret, "mock-gpt").statusCode() == 200);
            await().atMost(Duration.ofSeconds(10)).until(() -> gateway.bean(RedisLink.class).up());
            assertThat(warnings(where + " answers again")).hasSize(1);
            assertThat(gateway.bean(MeterRegistry.class).get("gateway.redis.up").gauge().value()).isEqualTo(1);
        }
    }

    private static List<String> warnings(String text) {
        return LogCapture.lines().stream().filter(line -> line.startsWith("WARN") && line.contains(text)).toList();
    }
}
