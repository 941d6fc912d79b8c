package io.llmgateway.resilience;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmgateway.support.FakeProvider.Answer;
import io.llmgateway.support.GatewayTestSupport;
import io.llmgateway.support.OpenAiWire;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import io.micrometer.core.instrument.MeterRegistry;

/** GET /admin/providers and the runtime controls, as an operator sees them. */
class ProviderStatusTest extends GatewayTestSupport {

    @Autowired
    MeterRegistry meters;

    @BeforeEach
    void resetFakes() {
        PRIMARY.reset(okFrom("primary"));
        BACKUP.reset(okFrom("backup"));
        NARROW.reset(okFrom("narrow"));
    }

    @Test
    void listsEveryConfiguredProviderWithItsFigures() {
        HttpResponse<String> response = get("/admin/providers");

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode data = json(response.body()).path("data");
        assertThat(data.findValuesAsText("id")).contains("mock", "openai", "fake-openai", "res-primary", "res-backup");
        JsonNode openai = byId(data, "openai");
        assertThat(openai.path("status").asText()).isEqualTo("down"); // no key in tests
        assertThat(openai.path("reason").asText()).contains("API key");
        assertThat(byId(data, "res-narrow").path("limiter").path("max_concurrent").asInt()).isEqualTo(2);
        assertThat(response.body()).doesNotContain("sk-primary-secret");
    }

    @Test
    void callsFailuresAndLatencyShowInTheProvidersMetrics() {
        long before = metrics("res-backup").path("total").asLong();
        BACKUP.enqueue(Answer.json(503, OpenAiWire.error("The server is overloaded or not ready yet.", "server_error", null, null)));
        BACKUP.enqueue(okFrom("backup").after(Duration.ofMillis(150)));
        Instant start = Instant.now();

        assertThat(chat("backup").statusCode()).isEqualTo(503);
        assertThat(chat("backup").statusCode()).isEqualTo(200);

        JsonNode status = json(get("/admin/providers/res-backup").body());
        JsonNode metrics = status.path("metrics");
        assertThat(metrics.path("total").asLong()).isEqualTo(before + 2);
        assertThat(metrics.path("last_error").asText()).startsWith("503: Provider 'res-backup' returned 503");
        assertThat(Instant.parse(metrics.path("last_error_at").asText())).isAfterOrEqualTo(start.minusSeconds(1));
        assertThat(metrics.path("p95_ms").asDouble()).isGreaterThanOrEqualTo(100);
        assertThat(status.path("circuit").path("failed_calls").asInt()).isGreaterThanOrEqualTo(1);
        assertThat(status.path("status").asText()).isEqualTo("degraded");
        assertThat(status.path("pool").path("max").asInt()).isEqualTo(500);
        assertThat(status.path("pool").path("leased").asInt()).isZero();

        // the same figures go to Micrometer (Prometheus in production; tests get Spring's plain registry)
        assertThat(meters.get("gateway.provider.calls").tag("provider", "res-backup").tag("outcome", "503").counter().count())
                .isGreaterThanOrEqualTo(1);
        assertThat(meters.get("gateway.provider.latency").tag("provider", "res-backup").timer().count()).isGreaterThanOrEqualTo(2);
    }

    @Test
    void poolFiguresFollowTheProvidersPoolSettings() {
        assertThat(chat("narrow-model").statusCode()).isEqualTo(200);

        JsonNode pool = json(get("/admin/providers/res-narrow").body()).path("pool");
        assertThat(pool.path("max").asInt()).isEqualTo(8);
        assertThat(pool.path("max_per_host").asInt()).isEqualTo(4);
        assertThat(pool.path("leased").asInt()).isZero();
        assertThat(pool.path("idle").asInt()).isEqualTo(1); // the connection stays for the next call
    }

    @Test
    void disablingAProviderMovesTrafficToTheFallbackAndReadinessFollows() {
        HttpResponse<String> off = post("/admin/providers/res-backup/disable", "");
        try {
            assertThat(off.statusCode()).isEqualTo(200);
            assertThat(json(off.body()).path("status").asText()).isEqualTo("down");
            assertThat(json(off.body()).path("enabled").asBoolean()).isFalse();

            HttpResponse<String> refused = chat("backup");
            assertThat(refused.statusCode()).isEqualTo(503);
            assertThat(json(refused.body()).path("error").path("code").asText()).isEqualTo("no_provider_available");
            assertThat(BACKUP.received()).isEmpty();
            // "backup" has no other provider, so the gateway stops being ready
            HttpResponse<String> readiness = get("/actuator/health/readiness");
            assertThat(readiness.statusCode()).isEqualTo(503);
            // the open probe says DOWN and nothing more; the details are on /actuator/health (admin)
            assertThat(readiness.body()).doesNotContain("backup");
            assertThat(get("/actuator/health").body()).contains("\"backup\"");
        } finally {
            post("/admin/providers/res-backup/enable", "");
        }
        assertThat(chat("backup").statusCode()).isEqualTo(200);
        assertThat(get("/actuator/health/readiness").statusCode()).isEqualTo(200);
    }

    @Test
    void unknownProviderAndBadLimitsAreClearErrors() {
        HttpResponse<String> unknown = get("/admin/providers/nope");
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(json(unknown.body()).path("error").path("code").asText()).isEqualTo("provider_not_found");

        HttpResponse<String> bad = post("/admin/providers/res-narrow/limits", "{\"max_concurrent\":-1}");
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(json(bad.body()).path("error").path("param").asText()).isEqualTo("max_concurrent");
        HttpResponse<String> notJson = post("/admin/providers/res-narrow/limits", "nope");
        assertThat(notJson.statusCode()).isEqualTo(400);
        assertThat(json(get("/admin/providers/res-narrow").body()).path("limiter").path("max_concurrent").asInt()).isEqualTo(2);
    }

    private HttpResponse<String> chat(String model) {
        return post("/v1/chat/completions", "{\"model\":\"" + model + "\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
    }

    private JsonNode metrics(String id) {
        return json(get("/admin/providers/" + id).body()).path("metrics");
    }

    private static JsonNode byId(JsonNode data, String id) {
        for (JsonNode p : data) {
            if (p.path("id").asText().equals(id)) {
                return p;
            }
        }
        throw new AssertionError("no provider " + id + " in " + data);
    }
}
