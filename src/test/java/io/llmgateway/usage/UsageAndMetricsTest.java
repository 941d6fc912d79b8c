package io.llmgateway.usage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.EncodingType;
import io.llmgateway.support.FakeProvider.Answer;
import io.llmgateway.support.GatewayTestSupport;
import io.llmgateway.support.LogCapture;
import io.llmgateway.support.OpenAiWire;
import io.llmgateway.support.Prometheus;
import java.math.BigDecimal;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Usage, cost, metrics and the request log over real HTTP on the open (no keys) gateway.
 * gpt-4o-mini is priced at 0.15 input / 0.075 cached input / 0.60 output USD per 1M tokens
 * (gateway-fakes.yaml); the fake OpenAI reports 19 input and 10 output tokens unless told otherwise.
 */
class UsageAndMetricsTest extends GatewayTestSupport {

    private static final String HELLO = "Hello from fake OpenAI";
    private static final String CHAT = """
            {"model":"%s","messages":[{"role":"user","content":"%s"}]}""";

    @BeforeEach
    void resetFake() {
        OPENAI.reset(Answer.json(200, OpenAiWire.completion("gpt-4o-mini-2024-07-18", HELLO)));
    }

    @Test
    void costHeaderFollowsThePricesIncludingCachedInput() {
        OPENAI.enqueue(Answer.json(200, OpenAiWire.completion("gpt-4o-mini-2024-07-18", HELLO)
                .replace("\"cached_tokens\": 0", "\"cached_tokens\": 8")));

        HttpResponse<String> cached = post("/v1/chat/completions", CHAT.formatted("gpt-4o-mini", "hi"));
        HttpResponse<String> uncached = post("/v1/chat/completions", CHAT.formatted("gpt-4o-mini", "hi"));

        // (11 x 0.15 + 8 x 0.075 + 10 x 0.60) / 1M
        assertThat(cached.headers().firstValue("x-gateway-cost-usd")).hasValue("0.00000825");
        // (19 x 0.15 + 10 x 0.60) / 1M
        assertThat(uncached.headers().firstValue("x-gateway-cost-usd")).hasValue("0.00000885");
        assertThat(uncached.headers().firstValue("x-gateway-usage-estimated")).isEmpty();
        // a model without pricing has no cost (unknown is not free)
        assertThat(post("/v1/chat/completions", CHAT.formatted("mock-gpt", "hi")).headers().firstValue("x-gateway-cost-usd")).isEmpty();
    }

    @Test
    void cacheHitCostsNothing() {
        String request = CHAT.formatted("cached-gpt", "cache me " + System.nanoTime());
        Prometheus before = scrape();

        HttpResponse<String> miss = post("/v1/chat/completions", request);
        HttpResponse<String> hit = post("/v1/chat/completions", request);

        assertThat(miss.headers().firstValue("x-gateway-cache")).hasValue("miss");
        assertThat(miss.headers().firstValue("x-gateway-cost-usd")).hasValue("0.00000885");
        assertThat(hit.headers().firstValue("x-gateway-cache")).hasValue("hit");
        assertThat(hit.headers().firstValue("x-gateway-cost-usd")).hasValue("0");
        assertThat(OPENAI.received()).hasSize(1);
        Prometheus after = scrape();
        assertThat(delta(before, after, "gateway_cost_usd_total", Map.of("model", "cached-gpt")))
                .isCloseTo(0.00000885, within(1e-12));
        assertThat(delta(before, after, "gen_ai_client_operation_duration_seconds_count",
                Map.of("model", "cached-gpt", "status", "200"))).isEqualTo(2);
        // provider tokens are counted once: the hit used none
        assertThat(delta(before, after, "gen_ai_client_token_usage_tokens_sum",
                Map.of("model", "cached-gpt", "gen_ai_token_type", "input"))).isEqualTo(19);
        assertThat(LogCapture.lines()).anyMatch(l -> l.contains("model=cached-gpt") && l.contains("cache=hit") && l.contains("cost_usd=0 "));
    }

    @Test
    void missingUsageIsEstimatedWithJtokkitAndMarked() {
        String withoutUsage = OpenAiWire.completion("gpt-4o-mini-2024-07-18", HELLO);
        withoutUsage = withoutUsage.substring(0, withoutUsage.indexOf(",\n  \"usage\"")) + "\n}";
        assertThat(json(withoutUsage).has("usage")).isFalse();
        OPENAI.enqueue(Answer.json(200, withoutUsage));
        String words = "How many tokens are in this sentence about pricing?";
        Prometheus before = scrape();

        HttpResponse<String> estimated = post("/v1/chat/completions", CHAT.formatted("gpt-4o-mini", words));

        assertThat(estimated.statusCode()).isEqualTo(200);
        assertThat(estimated.headers().firstValue("x-gateway-usage-estimated")).hasValue("true");
        // the mock reports jtokkit's prompt count for the same messages: the estimate must agree with it
        long input = json(post("/v1/chat/completions", CHAT.formatted("mock-gpt", words)).body())
                .path("usage").path("prompt_tokens").asLong();
        long output = Encodings.newDefaultEncodingRegistry().getEncoding(EncodingType.O200K_BASE).countTokensOrdinary(HELLO);
        assertThat(input).isGreaterThan(10);
        BigDecimal expected = new BigDecimal("0.15").multiply(BigDecimal.valueOf(input))
                .add(new BigDecimal("0.60").multiply(BigDecimal.valueOf(output)))
                .divide(BigDecimal.valueOf(1_000_000));
        assertThat(new BigDecimal(estimated.headers().firstValue("x-gateway-cost-usd").orElseThrow())).isEqualByComparingTo(expected);

        Prometheus after = scrape();
        Map<String, String> estimatedInput = Map.of("model", "gpt-4o-mini", "gen_ai_token_type", "input", "estimated", "true");
        assertThat(delta(before, after, "gen_ai_client_token_usage_tokens_sum", estimatedInput)).isEqualTo(input);
        assertThat(delta(before, after, "gen_ai_client_token_usage_tokens_sum",
                Map.of("model", "gpt-4o-mini", "gen_ai_token_type", "output", "estimated", "true"))).isEqualTo(output);
    }

    @Test
    void prometheusShowsKnownTrafficByDoorModelProviderAndStatus() {
        Prometheus before = scrape();
        OPENAI.enqueue(Answer.json(200, OpenAiWire.completion("gpt-4o-mini-2024-07-18", HELLO)).after(Duration.ofMillis(300)));
        OPENAI.enqueue(Answer.json(503, OpenAiWire.error("The engine is currently overloaded, please try again later.",
                "server_error", null, null)));

        assertThat(post("/v1/chat/completions", CHAT.formatted("gpt-4o-mini", "slow")).statusCode()).isEqualTo(200);
        assertThat(post("/v1/chat/completions", CHAT.formatted("gpt-4o-mini", "fails")).statusCode()).isEqualTo(503);
        assertThat(post("/v1/chat/completions", CHAT.formatted("gpt-4o-mini", "fast")).statusCode()).isEqualTo(200);
        assertThat(post("/v1/chat/completions", CHAT.formatted("gpt-4o-mini", "fast")).statusCode()).isEqualTo(200);
        Prometheus after = scrape();

        Map<String, String> ok = Map.of("door", "http", "model", "gpt-4o-mini", "provider", "fake-openai", "status", "200");
        Map<String, String> failed = Map.of("door", "http", "model", "gpt-4o-mini", "provider", "fake-openai", "status", "503");
        assertThat(delta(before, after, "gen_ai_client_operation_duration_seconds_count", ok)).isEqualTo(3);
        assertThat(delta(before, after, "gen_ai_client_operation_duration_seconds_count", failed)).isEqualTo(1);
        assertThat(delta(before, after, "gen_ai_client_token_usage_tokens_sum",
                Map.of("model", "gpt-4o-mini", "gen_ai_token_type", "input", "estimated", "false"))).isEqualTo(3 * 19);
        assertThat(delta(before, after, "gen_ai_client_token_usage_tokens_sum",
                Map.of("model", "gpt-4o-mini", "gen_ai_token_type", "output", "estimated", "false"))).isEqualTo(3 * 10);
        assertThat(delta(before, after, "gateway_cost_usd_total", Map.of("model", "gpt-4o-mini", "key", "none")))
                .isCloseTo(3 * 0.00000885, within(1e-12));

        // overhead = total - upstream, and the 300 ms the provider took is upstream time, not overhead
        double total = delta(before, after, "gen_ai_client_operation_duration_seconds_sum", ok);
        double upstream = delta(before, after, "gateway_upstream_duration_seconds_sum", ok);
        double overhead = delta(before, after, "gateway_overhead_duration_seconds_sum", ok);
        assertThat(upstream).isGreaterThanOrEqualTo(0.3);
        assertThat(overhead).isCloseTo(total - upstream, within(1e-6)).isLessThan(0.3);
        assertThat(delta(before, after, "gateway_overhead_duration_seconds_count", ok)).isEqualTo(3);

        // histograms with the semantic conventions' bucket boundaries
        assertThat(after.named("gen_ai_client_operation_duration_seconds_bucket"))
                .anySatisfy(s -> assertThat(s.labels()).containsEntry("le", "0.32").containsEntry("model", "gpt-4o-mini"));
        assertThat(after.named("gen_ai_client_token_usage_tokens_bucket"))
                .anySatisfy(s -> assertThat(s.labels()).containsEntry("le", "16.0").containsEntry("gen_ai_token_type", "input"));
        assertThat(after.all()).noneSatisfy(s -> assertThat(s.labels().values()).anyMatch(v -> v.contains(FAKE_OPENAI_KEY)));
    }

    @Test
    void oneStructuredLogLinePerRequestWithoutMessageContent() {
        String requestId = "usage-log-" + System.nanoTime();
        String content = "the purple elephant sings at midnight";

        HttpResponse<String> response = post("/v1/chat/completions", CHAT.formatted("gpt-4o-mini", content),
                Map.of("X-Request-Id", requestId));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(LogCapture.requestLine(requestId)).startsWith("INFO io.llmgateway.requests")
                .contains("door=http", "key=anonymous", "model=gpt-4o-mini", "provider=fake-openai", "attempts=1",
                        "status=200", "input_tokens=19", "output_tokens=10", "tokens_estimated=false",
                        "cost_usd=0.00000885", "latency_ms=", "upstream_ms=", "overhead_ms=");
        assertThat(LogCapture.lines()).noneMatch(l -> l.contains("purple elephant"));

        String failedId = "usage-log-failed-" + System.nanoTime();
        post("/v1/chat/completions", CHAT.formatted("no-such-model", "x"), Map.of("X-Request-Id", failedId));
        assertThat(LogCapture.requestLine(failedId)).contains("status=404").doesNotContain("model=no-such-model");
    }

    private static double delta(Prometheus before, Prometheus after, String name, Map<String, String> labels) {
        return after.sum(name, labels) - before.sum(name, labels);
    }
}
