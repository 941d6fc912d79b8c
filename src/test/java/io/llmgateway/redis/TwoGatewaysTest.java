package io.llmgateway.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.llmgateway.auth.GatewayKeys;
import io.llmgateway.support.FakeProvider;
import io.llmgateway.support.OpenAiWire;
import io.llmgateway.support.RedisServer;
import io.llmgateway.support.StoreGateway;
import io.llmgateway.support.TestDatabases;
import java.math.BigDecimal;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntFunction;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Two whole gateways (two Spring contexts on their own ports) on one PostgreSQL database and one real
 * Redis, as two replicas behind a load balancer: a key's requests per minute and budget hold across
 * both, a revoke on one is in force on the other within a second, and Redis going away mid-run
 * turns no request into a 500. Both read their time from one stopped clock, so the minute's window
 * cannot refill during the test.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TwoGatewaysTest {

    // each answer: 19 input and 10 output tokens at $1000 / $2000 per 1M = $0.039
    private static final FakeProvider OPENAI = new FakeProvider(
            FakeProvider.Answer.json(200, OpenAiWire.completion("gpt-4o-mini-2024-07-18", "Hello")));
    private static final Clock STOPPED = Clock.fixed(Instant.now(), ZoneOffset.UTC);

    /** Odd, so its windows (counted on Redis's clock from the epoch) rarely start near a test; see below. */
    private static final Duration THROTTLE_WINDOW = Duration.ofMinutes(433);
    private static RedisServer redis;
    private static StoreGateway a;
    private static StoreGateway b;

    @BeforeAll
    static void start() {
        redis = RedisServer.start();
        String database = TestDatabases.newPostgresUrl();
        // a generous command timeout: on a busy test machine a slow answer would count as Redis down and
        // the request would be admitted on the in-process fallback, which the exact counts below exclude
        String[] shared = {"gateway.redis.url=" + redis.url(), "gateway.redis.instance-count=2", "gateway.redis.timeout=5s",
                // a provider whose rate limit is per account: 10 requests per (long) window for both instances together
                "gateway.providers.throttled.kind=mock",
                "gateway.providers.throttled.limits.requests-per-window=10",
                "gateway.providers.throttled.limits.window=" + THROTTLE_WINDOW.toSeconds() + "s",
                "gateway.providers.throttled.limits.max-wait=0s",
                "gateway.providers.throttled.limits.scope=cluster",
                "gateway.models[3].name=throttled-gpt",
                "gateway.models[3].provider=throttled",
                "gateway.models[3].model=mock-gpt"};
        a = StoreGateway.start(STOPPED, database, OPENAI, shared);
        b = StoreGateway.start(STOPPED, database, OPENAI, shared);
    }

    @AfterAll
    static void stop() {
        for (AutoCloseable closeable : new AutoCloseable[] {a, b, redis, OPENAI}) {
            try {
                if (closeable != null) {
                    closeable.close();
                }
            } catch (Exception ignored) {
                // the next one still closes
            }
        }
    }

    @Test
    @Order(1)
    void aKeyWithSixtyRequestsPerMinuteGetsExactlySixtyAnsweredAcrossBothInstances() {
        String secret = newKey("{\"id\":\"shared-rpm\",\"requests_per_minute\":60}", "shared-rpm");

        List<HttpResponse<String>> answers = spread(200, i -> (i % 2 == 0 ? a : b).chat(secret, "mock-gpt"));

        assertThat(answers).allSatisfy(answer -> assertThat(answer.statusCode()).isIn(200, 429));
        assertThat(answers.stream().filter(answer -> answer.statusCode() == 200)).hasSize(60);
        List<HttpResponse<String>> refused = answers.stream().filter(answer -> answer.statusCode() == 429).toList();
        assertThat(refused).hasSize(140).allSatisfy(answer -> {
            assertThat(answer.headers().firstValue("Retry-After")).hasValueSatisfying(
                    seconds -> assertThat(Long.parseLong(seconds)).isPositive());
            assertThat(answer.body()).contains("rate_limit_exceeded");
        });
        // both instances answered and refused some: the count was one
        assertThat(answers.stream().filter(answer -> answer.statusCode() == 200)
                .map(answer -> answer.uri().getPort()).distinct()).hasSize(2);
    }

    @Test
    @Order(2)
    void aBudgetHoldsAcrossBothInstances() {
        String secret = newKey("{\"id\":\"shared-budget\",\"budget_usd\":1,\"budget_period\":\"month\"}", "shared-budget");
        // max_tokens 50: each request's worst case is about $0.1 (50 output tokens at $2000 per 1M, plus the prompt)
        String body = "{\"model\":\"" + StoreGateway.PRICED_MODEL + "\",\"max_tokens\":50,"
                + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
        Map<String, String> auth = Map.of("Authorization", "Bearer " + secret);

        List<HttpResponse<String>> answers = spread(80,
                i -> (i % 2 == 0 ? a : b).send("POST", "/v1/chat/completions", body, auth));

        assertThat(answers).allSatisfy(answer -> assertThat(answer.statusCode()).isIn(200, 429));
        long answered = answers.stream().filter(answer -> answer.statusCode() == 200).count();
        BigDecimal spent = new BigDecimal("0.039").multiply(BigDecimal.valueOf(answered));
        // never above the budget plus one worst case (under $0.15); alone, each instance would pass
        // requests on its own holds and a spend the other's ledger rows reach a second late
        assertThat(spent).isLessThanOrEqualTo(new BigDecimal("1.15"));
        assertThat(spent.add(new BigDecimal("0.15"))).isGreaterThanOrEqualTo(BigDecimal.ONE);
        assertThat(answers.stream().filter(answer -> answer.statusCode() == 429))
                .allSatisfy(answer -> assertThat(answer.body()).contains("budget_exceeded"));
        // the ledger, read on either instance, agrees once the rows are written
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            for (StoreGateway gateway : List.of(a, b)) {
                com.fasterxml.jackson.databind.JsonNode usage = gateway.adminOk("GET", "/admin/keys/shared-budget/usage", null);
                assertThat(usage.path("spent_usd").decimalValue()).isEqualByComparingTo(spent);
                // every hold, made on either instance, ended (read from Redis)
                assertThat(usage.path("reserved_usd").decimalValue()).isZero();
            }
        });
    }

    @Test
    @Order(2)
    void aKeyFarFromItsLimitsIsAnsweredFromLeasesOnBothInstancesWithItsSpendAndHoldsShared() {
        // far from every limit: Redis hands each instance leases of requests and budget (SharedKeyLimits)
        String secret = newKey("{\"id\":\"shared-far\",\"requests_per_minute\":100000,\"budget_usd\":1000,"
                + "\"budget_period\":\"month\"}", "shared-far");
        String body = "{\"model\":\"" + StoreGateway.PRICED_MODEL + "\",\"max_tokens\":50,"
                + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
        Map<String, String> auth = Map.of("Authorization", "Bearer " + secret);

        List<HttpResponse<String>> answers = spread(200,
                i -> (i % 2 == 0 ? a : b).send("POST", "/v1/chat/completions", body, auth));

        assertThat(answers).allSatisfy(answer -> {
            assertThat(answer.statusCode()).isEqualTo(200);
            assertThat(answer.headers().firstValue("x-ratelimit-remaining-requests")).hasValueSatisfying(
                    left -> assertThat(Long.parseLong(left)).isBetween(0L, 100_000L - 1));
        });
        BigDecimal spent = new BigDecimal("0.039").multiply(BigDecimal.valueOf(200));
        // the leases end within a second of their last request: every hold ends, the spend is all there
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            for (StoreGateway gateway : List.of(a, b)) {
                com.fasterxml.jackson.databind.JsonNode usage = gateway.adminOk("GET", "/admin/keys/shared-far/usage", null);
                assertThat(usage.path("spent_usd").decimalValue()).isEqualByComparingTo(spent);
                assertThat(usage.path("reserved_usd").decimalValue()).isZero();
            }
        });
    }

    @Test
    @Order(3)
    void aKeyRevokedOnOneInstanceIsRefusedOnTheOtherWithinASecond() {
        String secret = newKey("{\"id\":\"shared-revoked\"}", "shared-revoked");
        assertThat(b.chat(secret, "mock-gpt").statusCode()).isEqualTo(200);

        a.adminOk("POST", "/admin/keys/shared-revoked/revoke", null);

        await().atMost(Duration.ofSeconds(1)).pollInterval(Duration.ofMillis(50))
                .until(() -> b.chat(secret, "mock-gpt").statusCode() == 401);
    }

    @Test
    @Order(4)
    void anAnswerCachedOnOneInstanceIsAHitOnTheOtherWithItsTtlAndOnlyForItsTenant() {
        String secret = newKey("{\"id\":\"shared-cache\"}", "shared-cache");
        String other = newKey("{\"id\":\"shared-cache-other\"}", "shared-cache-other");
        // temperature 0: the conservative default strategy keeps it
        String body = "{\"model\":\"mock-gpt\",\"temperature\":0,\"messages\":[{\"role\":\"user\",\"content\":\"cache me\"}]}";

        HttpResponse<String> first = a.send("POST", "/v1/chat/completions", body, Map.of("Authorization", "Bearer " + secret));
        assertThat(first.headers().firstValue("x-gateway-cache")).hasValue("miss");
        io.lettuce.core.RedisClient client = io.lettuce.core.RedisClient.create(redis.url());
        try (var connection = client.connect()) {
            // kept in Redis without the request waiting for it
            await().atMost(Duration.ofSeconds(5)).until(() -> !connection.sync().keys("gateway:{cache}:entry:*").isEmpty());
            String entry = connection.sync().keys("gateway:{cache}:entry:*").getFirst();
            // the alias's TTL (the shipped default, 1h)
            assertThat(connection.sync().pttl(entry)).isBetween(1L, Duration.ofHours(1).toMillis());
        } finally {
            client.shutdown();
        }

        HttpResponse<String> onB = b.send("POST", "/v1/chat/completions", body, Map.of("Authorization", "Bearer " + secret));
        assertThat(onB.statusCode()).isEqualTo(200);
        assertThat(onB.headers().firstValue("x-gateway-cache")).hasValue("hit");
        assertThat(StoreGateway.json(onB.body()).path("id")).isEqualTo(StoreGateway.json(first.body()).path("id"));
        assertThat(b.bean(io.micrometer.core.instrument.MeterRegistry.class).get("gateway.cache.shared.hits")
                .functionCounter().count()).isEqualTo(1);
        // another tenant (another key) asking the same is not served the first one's answer
        HttpResponse<String> otherTenant = b.send("POST", "/v1/chat/completions", body, Map.of("Authorization", "Bearer " + other));
        assertThat(otherTenant.headers().firstValue("x-gateway-cache")).hasValue("miss");
    }

    @Test
    @Order(5)
    void aProviderThrottleWithClusterScopeCountsBothInstancesTogether() throws InterruptedException {
        String secret = newKey("{\"id\":\"shared-throttle\"}", "shared-throttle");
        // the window is counted from the epoch on Redis's clock (this machine's): not within 10 s of its end
        long left = THROTTLE_WINDOW.toMillis() - System.currentTimeMillis() % THROTTLE_WINDOW.toMillis();
        if (left < 10_000) {
            Thread.sleep(left + 100);
        }

        List<HttpResponse<String>> answers = spread(30, i -> (i % 2 == 0 ? a : b).chat(secret, "throttled-gpt"));

        assertThat(answers.stream().filter(answer -> answer.statusCode() == 200)).hasSize(10);
        assertThat(answers.stream().filter(answer -> answer.statusCode() == 429)).hasSize(20)
                .allSatisfy(answer -> assertThat(answer.body()).contains("provider_throttled"));
    }

    @Test
    @Order(6)
    void redisStoppingMidRunTurnsNoRequestIntoA500AndTheLimitsAreSharedAgainWhenItReturns() throws Exception {
        String secret = newKey("{\"id\":\"shared-outage\",\"requests_per_minute\":100000,\"tokens_per_minute\":10000000,"
                + "\"budget_usd\":1000}", "shared-outage");
        ExecutorService clients = Executors.newFixedThreadPool(4);
        try {
            List<Future<HttpResponse<String>>> before = submit(clients, 40, i -> (i % 2 == 0 ? a : b).chat(secret, "mock-gpt"));
            redis.stop();
            List<Future<HttpResponse<String>>> during = submit(clients, 80, i -> (i % 2 == 0 ? a : b).chat(secret, "mock-gpt"));
            for (Future<HttpResponse<String>> answer : concat(before, during)) {
                assertThat(answer.get().statusCode()).isEqualTo(200);
            }
        } finally {
            clients.shutdown();
        }
        assertThat(a.bean(RedisLink.class).up()).isFalse();
        assertThat(a.bean(io.micrometer.core.instrument.MeterRegistry.class).get("gateway.redis.fallbacks")
                .tag("use", "key-limits").counter().count()).isPositive();

        redis.restart();
        // the next tries after retry-interval find it again; from then on the limits count in Redis
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100)).untilAsserted(() -> {
            assertThat(a.chat(secret, "mock-gpt").statusCode()).isEqualTo(200);
            assertThat(b.chat(secret, "mock-gpt").statusCode()).isEqualTo(200);
            assertThat(a.bean(RedisLink.class).up()).isTrue();
            assertThat(b.bean(RedisLink.class).up()).isTrue();
        });
        assertThat(a.adminOk("GET", "/actuator/health", null).path("components").path("redis").path("status").asText())
                .isEqualTo("UP");
    }

    /** Makes a key on A and waits until B knows it too (the directory's poll of the store); its secret. */
    private static String newKey(String json, String id) {
        String secret = a.adminOk("POST", "/admin/keys", json).path("key").asText();
        await().atMost(Duration.ofSeconds(5)).until(() -> b.bean(GatewayKeys.class).key(id) != null);
        return secret;
    }

    /** Sends n requests from 8 client threads at once; the answers in order. */
    private static List<HttpResponse<String>> spread(int n, IntFunction<HttpResponse<String>> request) {
        ExecutorService clients = Executors.newFixedThreadPool(8);
        try {
            List<HttpResponse<String>> answers = new ArrayList<>();
            for (Future<HttpResponse<String>> answer : submit(clients, n, request)) {
                answers.add(answer.get());
            }
            return answers;
        } catch (Exception e) {
            throw new AssertionError(e);
        } finally {
            clients.shutdown();
        }
    }

    private static List<Future<HttpResponse<String>>> submit(ExecutorService clients, int n, IntFunction<HttpResponse<String>> request) {
        List<Future<HttpResponse<String>>> answers = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int index = i;
            answers.add(clients.submit(() -> request.apply(index)));
        }
        return answers;
    }

    private static <T> List<T> concat(List<T> first, List<T> second) {
        List<T> all = new ArrayList<>(first);
        all.addAll(second);
        return all;
    }
}
