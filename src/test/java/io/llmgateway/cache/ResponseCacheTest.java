package io.llmgateway.cache;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmgateway.support.FakeProvider.Answer;
import io.llmgateway.support.GatewayTestSupport;
import io.llmgateway.support.OpenAiWire;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * The response cache over real HTTP: the fake OpenAI server's request log proves which requests
 * reached the provider and which were answered from the cache. Aliases cached-* in gateway-fakes.yaml.
 */
class ResponseCacheTest extends GatewayTestSupport {

    private static final String UPSTREAM = "gpt-4o-mini-2024-07-18";
    private static final String ASK = """
            {"model":"%s","messages":[{"role":"user","content":"What is 2+2?"}],"temperature":0}""";

    @Autowired
    MeterRegistry meters;

    @BeforeEach
    void emptyCacheAndFreshFake() {
        OPENAI.reset(Answer.json(200, OpenAiWire.completion(UPSTREAM, "Four.")));
        assertThat(send(HttpRequest.newBuilder(URI.create(url("/admin/cache"))).DELETE().build()).statusCode())
                .isEqualTo(200);
    }

    @Test
    void reorderedKeysWhitespaceAndCallerOnlyFieldsHitWithoutCallingTheProvider() {
        HttpResponse<String> first = post("/v1/chat/completions", ASK.formatted("cached-gpt"));
        String reordered = """
                {
                  "temperature": 0.0,
                  "user": "someone-else",
                  "metadata": {"run": "eval-7"},
                  "stream": false,
                  "messages": [ { "content": "What is 2+2?", "role": "user" } ],
                  "model": "cached-gpt"
                }""";
        HttpResponse<String> second = post("/v1/chat/completions", reordered);

        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(first.headers().firstValue("x-gateway-cache")).hasValue("miss");
        assertThat(first.headers().firstValue("age")).isEmpty();
        assertThat(second.statusCode()).isEqualTo(200);
        assertThat(second.headers().firstValue("x-gateway-cache")).hasValue("hit");
        assertThat(second.headers().firstValue("age")).hasValueSatisfying(age -> assertThat(Long.parseLong(age)).isBetween(0L, 5L));
        assertThat(second.headers().firstValue("x-gateway-provider")).hasValue("fake-openai");
        assertThat(OPENAI.received()).hasSize(1);
        assertThat(json(second.body())).isEqualTo(json(first.body()));
        assertThat(content(second)).isEqualTo("Four.");
    }

    @Test
    void aCachedAnswerAskedForAsAStreamIsReplayedAsChunksWithTheSameContent() {
        HttpResponse<String> whole = post("/v1/chat/completions", ASK.formatted("cached-gpt"));
        HttpResponse<String> streamed = post("/v1/chat/completions",
                ASK.formatted("cached-gpt").replace("\"temperature\":0", "\"temperature\":0,\"stream\":true"));

        assertThat(whole.headers().firstValue("x-gateway-cache")).hasValue("miss");
        assertThat(streamed.statusCode()).isEqualTo(200);
        assertThat(streamed.headers().firstValue("content-type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/event-stream"));
        assertThat(streamed.headers().firstValue("x-gateway-cache")).hasValue("hit");
        StringBuilder content = new StringBuilder();
        java.util.List<String> events = streamed.body().lines().filter(l -> l.startsWith("data: ")).map(l -> l.substring(6)).toList();
        assertThat(events).last().isEqualTo("[DONE]");
        for (String event : events.subList(0, events.size() - 1)) {
            JsonNode chunk = json(event);
            assertThat(chunk.path("object").asText()).isEqualTo("chat.completion.chunk");
            content.append(chunk.path("choices").path(0).path("delta").path("content").asText(""));
        }
        assertThat(content).hasToString(content(whole));
        assertThat(OPENAI.received()).hasSize(1);
    }

    @Test
    void aChangedTemperatureIsAnotherQuestion() {
        post("/v1/chat/completions", ASK.formatted("cached-gpt"));
        HttpResponse<String> warmer = post("/v1/chat/completions", ASK.formatted("cached-gpt").replace("\"temperature\":0", "\"temperature\":0.7"));

        assertThat(warmer.headers().firstValue("x-gateway-cache")).hasValue("miss");
        assertThat(OPENAI.received()).hasSize(2);
        assertThat(json(OPENAI.last().body()).path("temperature").asDouble()).isEqualTo(0.7);
    }

    @Test
    void twoTenantsNeverShareAnAnswer() {
        Map<String, String> teamA = Map.of("Authorization", "Bearer team-a-key");
        Map<String, String> teamB = Map.of("Authorization", "Bearer team-b-key");
        OPENAI.enqueue(Answer.json(200, OpenAiWire.completion(UPSTREAM, "Answer for A")));
        OPENAI.enqueue(Answer.json(200, OpenAiWire.completion(UPSTREAM, "Answer for B")));

        HttpResponse<String> a = post("/v1/chat/completions", ASK.formatted("cached-gpt"), teamA);
        HttpResponse<String> b = post("/v1/chat/completions", ASK.formatted("cached-gpt"), teamB);
        HttpResponse<String> anonymous = post("/v1/chat/completions", ASK.formatted("cached-gpt"));
        HttpResponse<String> aAgain = post("/v1/chat/completions", ASK.formatted("cached-gpt"), teamA);
        HttpResponse<String> bAgain = post("/v1/chat/completions", ASK.formatted("cached-gpt"), teamB);

        assertThat(b.headers().firstValue("x-gateway-cache")).hasValue("miss");
        assertThat(anonymous.headers().firstValue("x-gateway-cache")).hasValue("miss");
        assertThat(OPENAI.received()).hasSize(3);
        assertThat(content(aAgain)).isEqualTo("Answer for A");
        assertThat(content(bAgain)).isEqualTo("Answer for B");
        assertThat(aAgain.headers().firstValue("x-gateway-cache")).hasValue("hit");
        assertThat(bAgain.headers().firstValue("x-gateway-cache")).hasValue("hit");
        // the caller's key is only a tenant fingerprint: it never reaches the provider
        assertThat(OPENAI.received()).allSatisfy(r -> assertThat(r.header("Authorization")).isEqualTo("Bearer " + FAKE_OPENAI_KEY));
        assertThat(content(a)).isEqualTo("Answer for A");
        // the same key sent the Anthropic SDK's way is the same tenant
        HttpResponse<String> aByApiKey = post("/v1/chat/completions", ASK.formatted("cached-gpt"), Map.of("x-api-key", "team-a-key"));
        assertThat(content(aByApiKey)).isEqualTo("Answer for A");
        assertThat(OPENAI.received()).hasSize(3);
    }

    @Test
    void anEntryLivesForItsAliasTtlOnly() throws InterruptedException {
        post("/v1/chat/completions", ASK.formatted("cached-brief"));
        HttpResponse<String> soon = post("/v1/chat/completions", ASK.formatted("cached-brief"));
        Thread.sleep(1_300); // cached-brief has ttl: 1s
        HttpResponse<String> later = post("/v1/chat/completions", ASK.formatted("cached-brief"));

        assertThat(soon.headers().firstValue("x-gateway-cache")).hasValue("hit");
        assertThat(later.headers().firstValue("x-gateway-cache")).hasValue("miss");
        assertThat(OPENAI.received()).hasSize(2);
    }

    @Test
    void answersLargerThanTheLimitAreNotKept() {
        OPENAI.setDefault(Answer.json(200, OpenAiWire.completion(UPSTREAM, "x".repeat(5_000)))); // limit is 4KB
        HttpResponse<String> first = post("/v1/chat/completions", ASK.formatted("cached-gpt"));
        HttpResponse<String> second = post("/v1/chat/completions", ASK.formatted("cached-gpt"));

        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(content(first)).hasSize(5_000);
        assertThat(second.headers().firstValue("x-gateway-cache")).hasValue("miss");
        assertThat(OPENAI.received()).hasSize(2);
        assertThat(stats().path("too_large").asLong()).isGreaterThanOrEqualTo(2);
    }

    @Test
    void theCacheHoldsAtMostMaxEntries() {
        for (int i = 0; i < 30; i++) {
            assertThat(post("/v1/chat/completions", """
                    {"model":"cached-mock","messages":[{"role":"user","content":"question %d"}]}""".formatted(i))
                    .statusCode()).isEqualTo(200);
        }
        JsonNode stats = stats();
        assertThat(stats.path("max_entries").asLong()).isEqualTo(20);
        assertThat(stats.path("entries").asLong()).isBetween(1L, 20L);
        assertThat(stats.path("evictions").asLong()).isGreaterThanOrEqualTo(10);
    }

    @Test
    void theCacheHoldsAtMostMaxSizeBytes() {
        OPENAI.setDefault(Answer.json(200, OpenAiWire.completion(UPSTREAM, "y".repeat(3_000))));
        for (int i = 0; i < 15; i++) {
            assertThat(post("/v1/chat/completions", """
                    {"model":"cached-gpt","messages":[{"role":"user","content":"long answer %d"}]}""".formatted(i))
                    .statusCode()).isEqualTo(200);
        }
        JsonNode stats = stats();
        assertThat(stats.path("max_bytes").asLong()).isEqualTo(16 * 1024);
        // fifteen answers of ~3.3 KB were stored; max-entries (20) alone would have kept them all
        assertThat(stats.path("stores").asLong()).isGreaterThanOrEqualTo(15);
        assertThat(stats.path("bytes").asLong()).isBetween(1L, 16L * 1024);
        assertThat(stats.path("entries").asLong()).isLessThan(15);
    }

    @Test
    void errorsAreNeverCached() {
        OPENAI.enqueue(Answer.json(500, OpenAiWire.error("The server had an error while processing your request.",
                "server_error", null, null)));
        HttpResponse<String> failed = post("/v1/chat/completions", ASK.formatted("cached-gpt"));
        HttpResponse<String> retried = post("/v1/chat/completions", ASK.formatted("cached-gpt"));
        HttpResponse<String> repeated = post("/v1/chat/completions", ASK.formatted("cached-gpt"));

        assertThat(failed.statusCode()).isEqualTo(500);
        assertThat(retried.statusCode()).isEqualTo(200);
        assertThat(retried.headers().firstValue("x-gateway-cache")).hasValue("miss");
        assertThat(content(retried)).isEqualTo("Four.");
        assertThat(repeated.headers().firstValue("x-gateway-cache")).hasValue("hit");
        assertThat(OPENAI.received()).hasSize(2);
    }

    @Test
    void noCacheAsksTheProviderAndRefreshesTheEntry() {
        post("/v1/chat/completions", ASK.formatted("cached-gpt"));
        OPENAI.setDefault(Answer.json(200, OpenAiWire.completion(UPSTREAM, "Four, freshly.")));
        HttpResponse<String> refreshed = post("/v1/chat/completions", ASK.formatted("cached-gpt"),
                Map.of("Cache-Control", "no-cache"));
        HttpResponse<String> after = post("/v1/chat/completions", ASK.formatted("cached-gpt"));

        assertThat(refreshed.headers().firstValue("x-gateway-cache")).hasValue("bypass");
        assertThat(content(refreshed)).isEqualTo("Four, freshly.");
        assertThat(after.headers().firstValue("x-gateway-cache")).hasValue("hit");
        assertThat(content(after)).isEqualTo("Four, freshly.");
        assertThat(OPENAI.received()).hasSize(2);
    }

    @Test
    void noStoreAnswersWithoutKeeping() {
        HttpResponse<String> unkept = post("/v1/chat/completions", ASK.formatted("cached-gpt"),
                Map.of("Cache-Control", "private, no-store"));
        HttpResponse<String> next = post("/v1/chat/completions", ASK.formatted("cached-gpt"));
        HttpResponse<String> third = post("/v1/chat/completions", ASK.formatted("cached-gpt"), Map.of("Cache-Control", "no-store"));

        assertThat(unkept.headers().firstValue("x-gateway-cache")).hasValue("miss");
        assertThat(next.headers().firstValue("x-gateway-cache")).hasValue("miss");
        // no-store still reads what others kept
        assertThat(third.headers().firstValue("x-gateway-cache")).hasValue("hit");
        assertThat(OPENAI.received()).hasSize(2);
    }

    @Test
    void conservativeKeepsOnlyRepeatableRequestsWithoutTools() {
        String warm = ASK.formatted("cached-conservative").replace("\"temperature\":0", "\"temperature\":0.9");
        String seeded = """
                {"model":"cached-conservative","messages":[{"role":"user","content":"What is 2+2?"}],"temperature":0.9,"seed":42}""";
        String withTools = """
                {"model":"cached-conservative","messages":[{"role":"user","content":"What is 2+2?"}],"temperature":0,
                 "tools":[{"type":"function","function":{"name":"add","parameters":{"type":"object"}}}]}""";

        assertThat(cacheResults(warm, warm)).containsExactly("bypass", "bypass");
        assertThat(cacheResults(ASK.formatted("cached-conservative"), ASK.formatted("cached-conservative")))
                .containsExactly("miss", "hit");
        assertThat(cacheResults(seeded, seeded)).containsExactly("miss", "hit");
        assertThat(cacheResults(withTools, withTools)).containsExactly("bypass", "bypass");
        assertThat(OPENAI.received()).hasSize(6);
    }

    @Test
    void selectiveKeepsOnlyWhatTheCallerOptsInto() {
        String ask = ASK.formatted("cached-selective");
        Map<String, String> optIn = Map.of("X-Gateway-Cache-Enabled", "true");

        assertThat(post("/v1/chat/completions", ask).headers().firstValue("x-gateway-cache")).hasValue("bypass");
        assertThat(post("/v1/chat/completions", ask, optIn).headers().firstValue("x-gateway-cache")).hasValue("miss");
        assertThat(post("/v1/chat/completions", ask, optIn).headers().firstValue("x-gateway-cache")).hasValue("hit");
        // opting in does not make a random answer repeatable
        String warm = ask.replace("\"temperature\":0", "\"temperature\":1");
        assertThat(post("/v1/chat/completions", warm, optIn).headers().firstValue("x-gateway-cache")).hasValue("bypass");
        assertThat(OPENAI.received()).hasSize(3);
    }

    @Test
    void aliasesWithoutACacheStrategyUseTheDefault() {
        // gateway-fakes.yaml sets default-strategy: disabled
        HttpResponse<String> first = post("/v1/chat/completions", ASK.formatted("gpt-4o-mini"));
        HttpResponse<String> second = post("/v1/chat/completions", ASK.formatted("gpt-4o-mini"));

        assertThat(first.headers().firstValue("x-gateway-cache")).hasValue("bypass");
        assertThat(second.headers().firstValue("x-gateway-cache")).hasValue("bypass");
        assertThat(OPENAI.received()).hasSize(2);
        assertThat(get("/v1/models").headers().firstValue("x-gateway-cache")).isEmpty();
    }

    @Test
    void adminShowsStatsAndFlushes() {
        post("/v1/chat/completions", ASK.formatted("cached-gpt"));
        post("/v1/chat/completions", ASK.formatted("cached-gpt"));
        post("/v1/chat/completions", ASK.formatted("cached-gpt"));
        JsonNode before = stats();

        HttpResponse<String> flushed = send(HttpRequest.newBuilder(URI.create(url("/admin/cache"))).DELETE().build());
        HttpResponse<String> afterFlush = post("/v1/chat/completions", ASK.formatted("cached-gpt"));

        assertThat(before.path("entries").asLong()).isEqualTo(1);
        assertThat(before.path("bytes").asLong()).isBetween(100L, 4096L);
        assertThat(before.path("hits").asLong()).isGreaterThanOrEqualTo(2);
        assertThat(before.path("misses").asLong()).isGreaterThanOrEqualTo(1);
        assertThat(before.path("hit_rate").asDouble()).isBetween(0.0, 1.0);
        assertThat(flushed.statusCode()).isEqualTo(200);
        assertThat(json(flushed.body()).path("removed").asLong()).isEqualTo(1);
        assertThat(afterFlush.headers().firstValue("x-gateway-cache")).hasValue("miss");
        assertThat(OPENAI.received()).hasSize(2);

        // the same figures reach Micrometer (/actuator/prometheus in a running gateway; tests turn exporters off)
        assertThat(meters.get("cache.gets").tag("cache", "gateway-responses").tag("result", "hit").functionCounter().count())
                .isGreaterThanOrEqualTo(2);
        assertThat(meters.get("cache.evictions").tag("cache", "gateway-responses").functionCounter()).isNotNull();
        assertThat(meters.get("gateway.cache.bytes").gauge().value()).isPositive().isEqualTo(stats().path("bytes").asDouble());
        assertThat(meters.get("gateway.cache.bypasses").functionCounter()).isNotNull();
        assertThat(meters.get("gateway.cache.stores").functionCounter().count()).isGreaterThanOrEqualTo(2);
    }

    private JsonNode stats() {
        HttpResponse<String> response = get("/admin/cache");
        assertThat(response.statusCode()).isEqualTo(200);
        return json(response.body());
    }

    private java.util.List<String> cacheResults(String... bodies) {
        return java.util.Arrays.stream(bodies)
                .map(body -> post("/v1/chat/completions", body).headers().firstValue("x-gateway-cache").orElse("none"))
                .toList();
    }

    private static String content(HttpResponse<String> response) {
        return json(response.body()).path("choices").get(0).path("message").path("content").asText();
    }
}
