package io.llmgateway.resilience;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmgateway.core.ResilienceProperties;
import io.llmgateway.support.FakeProvider;
import io.llmgateway.support.FakeProvider.Answer;
import io.llmgateway.support.GatewayTestSupport;
import io.llmgateway.support.LogCapture;
import io.llmgateway.support.OpenAiWire;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** Retries, fallbacks, breakers and throttles, against fault-injecting fake vendors over real HTTP. */
class ResilienceTest extends GatewayTestSupport {

    @Autowired
    ProviderBreakers breakers;

    @Autowired
    ResilienceProperties resilience;

    private static final String RATE_LIMITED = OpenAiWire.error(
            "Rate limit reached for gpt-4o-mini in organization org-x on requests per min (RPM): Limit 3, Used 3, Requested 1.",
            "requests", null, "rate_limit_exceeded");
    private static final String OVERLOADED = OpenAiWire.error(
            "The server is overloaded or not ready yet.", "server_error", null, null);

    @BeforeEach
    void resetFakes() {
        for (String name : List.of("primary", "backup", "breaker", "narrow", "wide", "rated", "weighted")) {
            fake(name).reset(okFrom(name));
        }
    }

    @Test
    void rateLimitIsRetriedAfterTheProvidersRetryAfter() {
        PRIMARY.enqueue(Answer.json(429, RATE_LIMITED).withHeader("Retry-After", "1"));

        HttpResponse<String> response = chat("retrying", Map.of());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("x-gateway-attempts")).hasValue("res-primary:429,res-primary:200");
        List<Long> arrivals = PRIMARY.arrivalNanos();
        assertThat(arrivals).hasSize(2);
        // the configured backoff is 50 ms: a wait of about a second can only come from Retry-After
        assertThat(Duration.ofNanos(arrivals.get(1) - arrivals.get(0))).isBetween(Duration.ofMillis(950), Duration.ofMillis(1900));
    }

    @Test
    void openAiResetHeaderIsHonouredToo() {
        PRIMARY.enqueue(Answer.json(429, RATE_LIMITED).withHeader("x-ratelimit-reset-requests", "400ms")
                .withHeader("x-ratelimit-reset-tokens", "120ms"));

        HttpResponse<String> response = chat("retrying", Map.of());

        assertThat(response.statusCode()).isEqualTo(200);
        List<Long> arrivals = PRIMARY.arrivalNanos();
        assertThat(Duration.ofNanos(arrivals.get(1) - arrivals.get(0))).isBetween(Duration.ofMillis(380), Duration.ofMillis(1200));
    }

    @Test
    void serverErrorsAreRetriedThenFallToTheNextModel() {
        PRIMARY.setDefault(Answer.json(503, OVERLOADED));
        double retries = metric("gateway_retries_total", Map.of("provider", "res-primary"));
        double fallbacks = metric("gateway_fallbacks_total", Map.of("from", "res-primary", "to", "res-backup"));

        String requestId = "fallback-" + System.nanoTime();
        HttpResponse<String> response = chat("resilient", Map.of("X-Request-Id", requestId));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(json(response.body()).path("choices").path(0).path("message").path("content").asText()).isEqualTo("Hello from backup");
        assertThat(response.headers().firstValue("x-gateway-provider")).hasValue("res-backup");
        assertThat(response.headers().firstValue("x-gateway-model")).hasValue("backup");
        assertThat(response.headers().firstValue("x-gateway-attempts"))
                .hasValue("res-primary:503,res-primary:503,res-primary:503,res-backup:200");
        assertThat(PRIMARY.received()).hasSize(3);
        assertThat(metric("gateway_retries_total", Map.of("provider", "res-primary"))).isEqualTo(retries + 2);
        assertThat(metric("gateway_fallbacks_total", Map.of("from", "res-primary", "to", "res-backup")))
                .isEqualTo(fallbacks + 1);
        // the fallback got the fallback model's upstream name and its own key
        assertThat(BACKUP.last().body()).contains("\"model\":\"backup\"");
        assertThat(BACKUP.last().header("Authorization")).isEqualTo("Bearer sk-backup-secret");
        // every attempt that reached a provider is upstream time, counted in the request log
        String line = LogCapture.requestLine(requestId);
        assertThat(line).contains("attempts=4", "provider=res-backup", "status=200");
        // the request's time runs from the door, not from the last attempt: it holds all the upstream time
        assertThat(field(line, "latency_ms")).isGreaterThanOrEqualTo(field(line, "upstream_ms"));
    }

    @Test
    void callersOwnMistakeIsNeverRetriedNorFallenOver() {
        PRIMARY.enqueue(Answer.json(400, OpenAiWire.error("Invalid value for 'temperature'.", "invalid_request_error",
                "temperature", "invalid_value")));

        HttpResponse<String> response = chat("resilient", Map.of());

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(json(response.body()).path("error").path("param").asText()).isEqualTo("temperature");
        assertThat(response.headers().firstValue("x-gateway-attempts")).hasValue("res-primary:400");
        assertThat(PRIMARY.received()).hasSize(1);
        assertThat(BACKUP.received()).isEmpty();
    }

    @Test
    void aRetryThatWouldOutliveTheRequestDeadlineFallsOverInstead() {
        Duration deadline = resilience.getDeadline();
        resilience.setDeadline(Duration.ofMillis(500));
        try {
            PRIMARY.enqueue(Answer.json(503, OVERLOADED).withHeader("Retry-After", "1"));
            long start = System.nanoTime();

            HttpResponse<String> response = chat("resilient", Map.of());

            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.headers().firstValue("x-gateway-attempts")).hasValue("res-primary:503,res-backup:200");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(900));
        } finally {
            resilience.setDeadline(deadline);
        }
    }

    @Test
    void contextWindowExceededFallsOverWithoutRetrying() {
        PRIMARY.enqueue(Answer.json(400, OpenAiWire.error(
                "This model's maximum context length is 128000 tokens. However, your messages resulted in 130412 tokens.",
                "invalid_request_error", "messages", "context_length_exceeded")));

        HttpResponse<String> response = chat("resilient", Map.of());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("x-gateway-attempts")).hasValue("res-primary:context_length_exceeded,res-backup:200");
        assertThat(PRIMARY.received()).hasSize(1);
    }

    @Test
    void whenEveryProviderFailsOneErrorListsEachAttempt() {
        PRIMARY.setDefault(Answer.json(500, OpenAiWire.error("Internal error", "server_error", null, null)));
        BACKUP.setDefault(Answer.json(503, OVERLOADED));

        HttpResponse<String> response = chat("resilient", Map.of());

        assertThat(response.statusCode()).isEqualTo(502);
        JsonNode error = json(response.body()).path("error");
        assertThat(error.path("code").asText()).isEqualTo("all_providers_failed");
        assertThat(error.path("message").asText()).contains("res-primary (resilient): 500").contains("res-backup (backup): 503")
                .contains("overloaded").doesNotContain("sk-primary-secret");
        assertThat(response.headers().firstValue("x-gateway-attempts"))
                .hasValue("res-primary:500,res-primary:500,res-primary:500,res-backup:503");
    }

    @Test
    void whenEveryProviderRateLimitsTheCallerGets429WithRetryAfter() {
        // 5 s is over the 2 s retry-after cap: fall over at once instead of waiting
        PRIMARY.enqueue(Answer.json(429, RATE_LIMITED).withHeader("Retry-After", "5"));
        BACKUP.enqueue(Answer.json(429, RATE_LIMITED).withHeader("Retry-After", "3"));

        long start = System.nanoTime();
        HttpResponse<String> response = chat("resilient", Map.of());

        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
        assertThat(response.statusCode()).isEqualTo(429);
        assertThat(response.headers().firstValue("Retry-After")).hasValue("3");
        assertThat(response.headers().firstValue("x-gateway-attempts")).hasValue("res-primary:429,res-backup:429");
    }

    @Test
    void breakerOpensRejectsFastHalfOpensAfterTheWaitAndClosesOnSuccess() throws Exception {
        assertThat(readiness().statusCode()).isEqualTo(200);
        // the caller's 4xx never counts against the provider
        for (int i = 0; i < 4; i++) {
            BREAKER.enqueue(Answer.json(404, OpenAiWire.error("The model does not exist", "invalid_request_error", "model",
                    "model_not_found")));
            assertThat(chat("breaker-model", Map.of()).statusCode()).isEqualTo(404);
        }
        assertThat(circuit("res-breaker").path("state").asText()).isEqualTo("CLOSED");

        BREAKER.setDefault(Answer.json(500, OpenAiWire.error("Internal error", "server_error", null, null)));
        // window of 4 calls, threshold 50%: the two 404s still in the window plus two 500s open it
        for (int i = 0; i < 2; i++) {
            assertThat(chat("breaker-model", Map.of()).statusCode()).isEqualTo(500);
        }
        assertThat(circuit("res-breaker").path("state").asText()).isEqualTo("OPEN");
        assertThat(circuit("res-breaker").path("failure_rate").asDouble()).isEqualTo(50.0);
        int seen = BREAKER.received().size();

        long start = System.nanoTime();
        String rejectedId = "rejected-" + System.nanoTime();
        HttpResponse<String> rejected = chat("breaker-model", Map.of("X-Request-Id", rejectedId));
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(500));
        assertThat(rejected.statusCode()).as(rejected.body()).isEqualTo(503);
        assertThat(json(rejected.body()).path("error").path("code").asText()).isEqualTo("circuit_open");
        assertThat(rejected.headers().firstValue("x-gateway-attempts")).hasValue("res-breaker:circuit_open");
        assertThat(BREAKER.received()).hasSize(seen); // never reached the provider
        assertThat(LogCapture.requestLine(rejectedId)).contains("attempts=0", "upstream_ms=0.00", "status=503");
        // breaker-model has no other provider: the gateway is not ready for it
        assertThat(readiness().statusCode()).isEqualTo(503);
        assertThat(get("/actuator/health").body()).contains("breaker-model");

        Thread.sleep(2100); // wait-in-open is 2 s
        BREAKER.setDefault(okFrom("breaker"));
        assertThat(chat("breaker-model", Map.of()).statusCode()).isEqualTo(200); // the half-open trial call
        assertThat(circuit("res-breaker").path("state").asText()).isEqualTo("CLOSED");
        assertThat(readiness().statusCode()).isEqualTo(200);
        for (String[] step : new String[][] {{"closed", "open"}, {"open", "half_open"}, {"half_open", "closed"}}) {
            assertThat(metric("gateway_breaker_transitions_total",
                    Map.of("provider", "res-breaker", "from", step[0], "to", step[1]))).as(String.join("->", step)).isEqualTo(1);
        }
    }

    @Test
    void slowCallsOpenTheBreakerToo() {
        try {
            WIDE.enqueue(okFrom("wide").after(Duration.ofMillis(400)));
            WIDE.enqueue(okFrom("wide").after(Duration.ofMillis(400)));

            // slow but successful: the caller gets its answers, and the breaker learns the provider is slow
            assertThat(chat("slow-model", Map.of()).statusCode()).isEqualTo(200);
            assertThat(chat("slow-model", Map.of()).statusCode()).isEqualTo(200);

            JsonNode circuit = circuit("res-slow");
            assertThat(circuit.path("state").asText()).isEqualTo("OPEN");
            assertThat(circuit.path("slow_calls").asInt()).isEqualTo(2);
            HttpResponse<String> rejected = chat("slow-model", Map.of());
            assertThat(rejected.statusCode()).isEqualTo(503);
            assertThat(json(rejected.body()).path("error").path("code").asText()).isEqualTo("circuit_open");
        } finally {
            breakers.breaker("res-slow").transitionToClosedState();
        }
    }

    @Test
    void saturatedProviderMakesCallersWaitThenFallOverAndNeverExceedsItsConcurrency() throws Exception {
        NARROW.setDefault(okFrom("narrow").after(Duration.ofMillis(700)));
        Thread watcher = Thread.ofVirtual().start(() -> watchLimiter("res-narrow"));
        List<Timed> results = concurrentlyTimed(6, "narrow-model");
        watcher.join();
        List<HttpResponse<String>> responses = results.stream().map(Timed::response).toList();

        assertThat(responses).allSatisfy(r -> assertThat(r.statusCode()).isEqualTo(200));
        // the ones that fell over first waited for the throttle's max-wait (300 ms)
        assertThat(results).filteredOn(t -> t.response().headers().firstValue("x-gateway-provider").orElse("").equals("res-wide"))
                .allSatisfy(t -> assertThat(t.took()).isGreaterThanOrEqualTo(Duration.ofMillis(290)));
        // and the status showed the throttle full with callers waiting
        assertThat(limiterSeen).as("status showed 2 in use and callers waiting").isTrue();
        assertThat(NARROW.maxInFlight()).isEqualTo(2);
        long fellOver = responses.stream().filter(r -> r.headers().firstValue("x-gateway-provider").orElse("").equals("res-wide")).count();
        assertThat(fellOver).isEqualTo(4);
        assertThat(responses).filteredOn(r -> r.headers().firstValue("x-gateway-provider").orElse("").equals("res-wide"))
                .allSatisfy(r -> assertThat(r.headers().firstValue("x-gateway-attempts")).hasValue("res-narrow:throttled,res-wide:200"));
    }

    @Test
    void requestsPerWindowOverTheLimitGet429WithRetryAfterWhenNothingIsLeftToTry() {
        post("/admin/providers/res-rated/limits", "{\"requests_per_window\":2,\"window\":\"30s\",\"max_wait\":\"0ms\"}");

        assertThat(chat("rated-model", Map.of()).statusCode()).isEqualTo(200);
        assertThat(chat("rated-model", Map.of()).statusCode()).isEqualTo(200);
        HttpResponse<String> third = chat("rated-model", Map.of());

        assertThat(third.statusCode()).isEqualTo(429);
        assertThat(json(third.body()).path("error").path("code").asText()).isEqualTo("provider_throttled");
        assertThat(third.headers().firstValue("Retry-After")).hasValue("30");
        assertThat(RATED.received()).hasSize(2);
        assertThat(metric("gateway_throttle_rejections_total", Map.of("provider", "res-rated"))).isGreaterThanOrEqualTo(1);
        assertThat(metric("gateway_throttle_wait_seconds_count", Map.of("provider", "res-rated"))).isGreaterThanOrEqualTo(2);

        // an operator raises the limit without a restart
        HttpResponse<String> changed = post("/admin/providers/res-rated/limits", "{\"requests_per_window\":10}");
        assertThat(changed.statusCode()).isEqualTo(200);
        assertThat(json(changed.body()).path("limiter").path("requests_per_window").asInt()).isEqualTo(10);
        assertThat(chat("rated-model", Map.of()).statusCode()).isEqualTo(200);
    }

    @Test
    void weightedDeploymentsShareTrafficByWeight() {
        int east = 0;
        int calls = 200;
        for (int i = 0; i < calls; i++) {
            HttpResponse<String> response = chat("weighted", Map.of());
            assertThat(response.statusCode()).isEqualTo(200);
            if (response.headers().firstValue("x-gateway-provider").orElseThrow().equals("res-east")) {
                east++;
            }
        }
        // weights 3:1 -> 150 expected; the binomial spread is about 6, so +/-30 is five deviations
        assertThat(east).isBetween(120, 180);
        assertThat(WEIGHTED.received()).filteredOn(r -> r.body().contains("\"model\":\"w-west\"")).hasSize(calls - east);
    }

    @Test
    void weightedDeploymentsSkipAnOpenCircuit() {
        breakers.breaker("res-east").transitionToOpenState();
        try {
            for (int i = 0; i < 20; i++) {
                HttpResponse<String> response = chat("weighted", Map.of());
                assertThat(response.statusCode()).isEqualTo(200);
                assertThat(response.headers().firstValue("x-gateway-attempts")).hasValue("res-west:200");
            }
        } finally {
            breakers.breaker("res-east").transitionToClosedState();
        }
    }

    @Test
    void weightedDeploymentsSkipADisabledProvider() {
        HttpResponse<String> off = post("/admin/providers/res-east/disable", "");
        assertThat(json(off.body()).path("status").asText()).isEqualTo("down");
        try {
            for (int i = 0; i < 20; i++) {
                assertThat(chat("weighted", Map.of()).headers().firstValue("x-gateway-provider")).hasValue("res-west");
            }
        } finally {
            post("/admin/providers/res-east/enable", "");
        }
    }

    private static double field(String line, String name) {
        Matcher m = Pattern.compile(" " + name + "=([0-9.]+)").matcher(line);
        assertThat(m.find()).as(name + " in " + line).isTrue();
        return Double.parseDouble(m.group(1));
    }

    private HttpResponse<String> chat(String model, Map<String, String> headers) {
        return post("/v1/chat/completions", "{\"model\":\"" + model + "\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}",
                headers);
    }

    record Timed(HttpResponse<String> response, Duration took) {
    }

    private volatile boolean limiterSeen;

    /** Polls the status while the burst runs: in_use at the limit and someone waiting. */
    private void watchLimiter(String provider) {
        limiterSeen = false;
        long end = System.nanoTime() + Duration.ofSeconds(2).toNanos();
        while (System.nanoTime() < end && !limiterSeen) {
            JsonNode limiter = json(get("/admin/providers/" + provider).body()).path("limiter");
            limiterSeen = limiter.path("in_use").asInt() == 2 && limiter.path("waiting").asInt() > 0;
        }
    }

    private List<Timed> concurrentlyTimed(int n, String model) throws Exception {
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<Timed>> futures = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                futures.add(pool.submit(() -> {
                    long start = System.nanoTime();
                    HttpResponse<String> response = chat(model, Map.of());
                    return new Timed(response, Duration.ofNanos(System.nanoTime() - start));
                }));
            }
            List<Timed> out = new ArrayList<>();
            for (Future<Timed> f : futures) {
                out.add(f.get());
            }
            return out;
        }
    }

    private JsonNode circuit(String provider) {
        return json(get("/admin/providers/" + provider).body()).path("circuit");
    }

    private HttpResponse<String> readiness() {
        return get("/actuator/health/readiness");
    }

    private static FakeProvider fake(String name) {
        return switch (name) {
            case "primary" -> PRIMARY;
            case "backup" -> BACKUP;
            case "breaker" -> BREAKER;
            case "narrow" -> NARROW;
            case "wide" -> WIDE;
            case "rated" -> RATED;
            default -> WEIGHTED;
        };
    }
}
