package io.llmgateway.auth;

import static io.llmgateway.support.StreamingFake.data;
import static io.llmgateway.support.StreamingFake.done;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmgateway.support.FakeProvider.Answer;
import io.llmgateway.support.GatewayKeysTestSupport;
import io.llmgateway.support.OpenAiStreamWire;
import io.llmgateway.support.OpenAiWire;
import io.llmgateway.support.StreamingFake.Script;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Gateway keys over real HTTP: 401 without a valid key, 403 for other models, 429 for limits and budgets, admin usage. */
class GatewayKeysTest extends GatewayKeysTestSupport {

    private static final String CHAT = """
            {"model":"%s","messages":[{"role":"user","content":"hi"}]}""";
    private static final String STREAM = """
            {"model":"%s","stream":true,"messages":[{"role":"user","content":"hi"}]}""";

    @BeforeEach
    void resetFake() {
        OPENAI.reset(Answer.json(200, OpenAiWire.completion("gpt-4o-mini-2024-07-18", "Hello from fake OpenAI")));
    }

    @Test
    void requestWithoutKeyGets401InOpenAiShapeAndNothingReachesTheProvider() {
        HttpResponse<String> response = post("/v1/chat/completions", CHAT.formatted("gpt-4o-mini"));

        assertThat(response.statusCode()).isEqualTo(401);
        JsonNode error = json(response.body()).path("error");
        assertThat(error.path("type").asText()).isEqualTo("invalid_request_error");
        assertThat(error.path("code").asText()).isEqualTo("missing_api_key");
        assertThat(error.path("message").asText()).contains("Authorization: Bearer");
        assertThat(error.has("param")).isTrue();
        assertThat(OPENAI.received()).isEmpty();
        assertThat(get("/v1/models").statusCode()).isEqualTo(401);
    }

    @Test
    void wrongKeyGets401WithoutEchoingIt() {
        String wrong = "sk-proj-someone-elses-real-key-123456";
        HttpResponse<String> response = post("/v1/chat/completions", CHAT.formatted("gpt-4o-mini"), bearer(wrong));

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(json(response.body()).path("error").path("code").asText()).isEqualTo("invalid_api_key");
        assertThat(response.body()).doesNotContain(wrong);
        // a key configured as empty (unset variable) never matches an empty credential
        assertThat(post("/v1/chat/completions", CHAT.formatted("mock-gpt"), Map.of("Authorization", "Bearer ")).statusCode())
                .isEqualTo(401);
        assertThat(OPENAI.received()).isEmpty();
    }

    @Test
    void validKeyAsBearerOrXApiKeyOrHashedIsLetInAndNeverForwarded() {
        HttpResponse<String> bearer = post("/v1/chat/completions", CHAT.formatted("gpt-4o-mini"), bearer(TEAM_A_KEY));
        HttpResponse<String> apiKey = post("/v1/chat/completions", CHAT.formatted("gpt-4o-mini"), Map.of("x-api-key", TEAM_A_KEY));
        HttpResponse<String> hashed = post("/v1/chat/completions", CHAT.formatted("gpt-4o-mini"), bearer(HASHED_KEY));

        assertThat(bearer.statusCode()).isEqualTo(200);
        assertThat(apiKey.statusCode()).isEqualTo(200);
        assertThat(hashed.statusCode()).isEqualTo(200);
        assertThat(OPENAI.received()).hasSize(3).allSatisfy(sent -> {
            assertThat(sent.header("Authorization")).isEqualTo("Bearer " + FAKE_OPENAI_KEY);
            assertThat(sent.header("x-api-key")).isNull();
        });
        assertThat(json(get("/v1/models", bearer(TEAM_A_KEY)).body()).path("data").size()).isPositive();
    }

    @Test
    void keyOutsideItsAllowedModelsGets403() {
        HttpResponse<String> denied = post("/v1/chat/completions", CHAT.formatted("gpt-4o-mini"), bearer(MOCK_ONLY_KEY));
        HttpResponse<String> allowed = post("/v1/chat/completions", CHAT.formatted("mock-gpt"), bearer(MOCK_ONLY_KEY));

        assertThat(denied.statusCode()).isEqualTo(403);
        JsonNode error = json(denied.body()).path("error");
        assertThat(error.path("code").asText()).isEqualTo("model_not_allowed");
        assertThat(error.path("param").asText()).isEqualTo("model");
        assertThat(error.path("message").asText()).contains("mock-only").contains("gpt-4o-mini");
        assertThat(allowed.statusCode()).isEqualTo(200);
        assertThat(OPENAI.received()).isEmpty();
    }

    @Test
    void requestsPerMinuteLimitAnswers429WithRetryAfter() {
        assertThat(post("/v1/chat/completions", CHAT.formatted("mock-gpt"), bearer(RPM_KEY)).statusCode()).isEqualTo(200);
        assertThat(post("/v1/chat/completions", CHAT.formatted("mock-gpt"), bearer(RPM_KEY)).statusCode()).isEqualTo(200);

        HttpResponse<String> third = post("/v1/chat/completions", CHAT.formatted("mock-gpt"), bearer(RPM_KEY));

        assertThat(third.statusCode()).isEqualTo(429);
        JsonNode error = json(third.body()).path("error");
        assertThat(error.path("code").asText()).isEqualTo("rate_limit_exceeded");
        assertThat(error.path("type").asText()).isEqualTo("requests");
        // 2 per minute refill one every 30 s
        long retryAfter = Long.parseLong(third.headers().firstValue("Retry-After").orElseThrow());
        assertThat(retryAfter).isBetween(25L, 31L);
        assertThat(third.headers().firstValue("x-request-id")).isPresent();
        // another key is not affected
        assertThat(post("/v1/chat/completions", CHAT.formatted("mock-gpt"), bearer(TEAM_A_KEY)).statusCode()).isEqualTo(200);
    }

    @Test
    void answersCarryOpenAisRateLimitHeadersForTheKey() {
        HttpResponse<String> response = post("/v1/chat/completions", CHAT.formatted("gpt-4o-mini"), bearer(METERED_KEY));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("x-ratelimit-limit-requests")).hasValue("10");
        assertThat(response.headers().firstValue("x-ratelimit-remaining-requests")).hasValue("9");
        assertThat(response.headers().firstValue("x-ratelimit-reset-requests")).hasValueSatisfying(v -> assertThat(v).matches("[0-9.]+(ms|s)"));
        assertThat(response.headers().firstValue("x-ratelimit-limit-tokens")).hasValue("1000");
        // 29 tokens reported by the provider were charged (a few may have refilled since)
        long remaining = Long.parseLong(response.headers().firstValue("x-ratelimit-remaining-tokens").orElseThrow());
        assertThat(remaining).isBetween(971L, 990L);
        // keys without limits get none of these headers
        assertThat(post("/v1/chat/completions", CHAT.formatted("gpt-4o-mini"), bearer(TEAM_A_KEY)).headers()
                .firstValue("x-ratelimit-limit-requests")).isEmpty();
    }

    @Test
    void tokensPerMinuteLimitIsChargedWithReportedUsage() {
        // the fake reports 29 tokens per answer; the key may use 40 per minute
        assertThat(post("/v1/chat/completions", CHAT.formatted("gpt-4o-mini"), bearer(TPM_KEY)).statusCode()).isEqualTo(200);
        assertThat(post("/v1/chat/completions", CHAT.formatted("gpt-4o-mini"), bearer(TPM_KEY)).statusCode()).isEqualTo(200);

        HttpResponse<String> third = post("/v1/chat/completions", CHAT.formatted("gpt-4o-mini"), bearer(TPM_KEY));

        assertThat(third.statusCode()).isEqualTo(429);
        assertThat(json(third.body()).path("error").path("type").asText()).isEqualTo("tokens");
        long retryAfter = Long.parseLong(third.headers().firstValue("Retry-After").orElseThrow());
        // 58 used of 40 => at least 18 + the prompt's tokens to win back at 40 per minute: well over 20 s, under a minute
        assertThat(retryAfter).isBetween(20L, 60L);
        assertThat(OPENAI.received()).hasSize(2);
    }

    @Test
    void streamedAnswersUseUpTheKeysTokensPerMinuteWithTheVendorsFinalUsage() {
        // the key may use 100 tokens per minute; the stream's last chunk reports 9 + 95
        STREAMING.reset();
        STREAMING.enqueue(Script.sse(data(OpenAiStreamWire.role()), data(OpenAiStreamWire.text("A long answer")),
                data(OpenAiStreamWire.finish("stop")), data(OpenAiStreamWire.usage(9, 95)), done()));

        HttpResponse<String> first = post("/v1/chat/completions", STREAM.formatted("priced-stream-gpt"), bearer(STREAM_TPM_KEY));
        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(first.body()).endsWith("data: [DONE]\n\n");

        HttpResponse<String> second = post("/v1/chat/completions", STREAM.formatted("priced-stream-gpt"), bearer(STREAM_TPM_KEY));

        assertThat(second.statusCode()).isEqualTo(429);
        assertThat(json(second.body()).path("error").path("type").asText()).isEqualTo("tokens");
        assertThat(STREAMING.calls()).hasSize(1);
    }

    @Test
    void streamedAnswersAreChargedToTheKeysBudgetWithTheirOutput() {
        // 9 input + 100 output tokens at 0.15 / 0.60 USD per 1M = 0.00006135; budget 0.00005 per day
        STREAMING.reset();
        STREAMING.enqueue(Script.sse(data(OpenAiStreamWire.role()), data(OpenAiStreamWire.text("A long answer")),
                data(OpenAiStreamWire.finish("stop")), data(OpenAiStreamWire.usage(9, 100)), done()));

        assertThat(post("/v1/chat/completions", STREAM.formatted("priced-stream-gpt"), bearer(STREAM_BUDGET_KEY))
                .statusCode()).isEqualTo(200);
        HttpResponse<String> second = post("/v1/chat/completions", STREAM.formatted("priced-stream-gpt"), bearer(STREAM_BUDGET_KEY));

        assertThat(second.statusCode()).isEqualTo(429);
        assertThat(json(second.body()).path("error").path("code").asText()).isEqualTo("budget_exceeded");
        JsonNode report = json(get("/admin/keys/stream-budget/usage", bearer(ADMIN_KEY)).body());
        assertThat(new BigDecimal(report.path("spent_usd").asText())).isEqualByComparingTo("0.00006135");
        assertThat(report.path("usage").path("input_tokens").asLong()).isEqualTo(9);
        assertThat(report.path("usage").path("output_tokens").asLong()).isEqualTo(100);
        assertThat(report.path("usage").path("estimated_requests").asLong()).isZero();
    }

    @Test
    void budgetRefusesOnceSpentAndAdminSeesTheSpend() {
        // each answer: 19 input + 10 output tokens at 0.15 / 0.60 USD per 1M = 0.00000885; budget 0.00001 per day
        HttpResponse<String> first = post("/v1/chat/completions", CHAT.formatted("gpt-4o-mini"), bearer(BUDGET_KEY));
        HttpResponse<String> second = post("/v1/chat/completions", CHAT.formatted("gpt-4o-mini"), bearer(BUDGET_KEY));
        HttpResponse<String> third = post("/v1/chat/completions", CHAT.formatted("gpt-4o-mini"), bearer(BUDGET_KEY));

        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(first.headers().firstValue("x-gateway-cost-usd")).hasValue("0.00000885");
        assertThat(second.statusCode()).isEqualTo(200);
        assertThat(third.statusCode()).isEqualTo(429);
        JsonNode error = json(third.body()).path("error");
        assertThat(error.path("code").asText()).isEqualTo("budget_exceeded");
        assertThat(error.path("type").asText()).isEqualTo("insufficient_quota");
        long retryAfter = Long.parseLong(third.headers().firstValue("Retry-After").orElseThrow());
        assertThat(retryAfter).isBetween(1L, 86_401L); // until the next UTC midnight
        assertThat(OPENAI.received()).hasSize(2);

        HttpResponse<String> usage = get("/admin/keys/budget/usage", bearer(ADMIN_KEY));
        assertThat(usage.statusCode()).isEqualTo(200);
        JsonNode report = json(usage.body());
        assertThat(report.path("id").asText()).isEqualTo("budget");
        assertThat(report.path("period").asText()).isEqualTo("day");
        assertThat(new BigDecimal(report.path("spent_usd").asText())).isEqualByComparingTo("0.0000177");
        assertThat(new BigDecimal(report.path("budget_usd").asText())).isEqualByComparingTo("0.00001");
        assertThat(new BigDecimal(report.path("remaining_usd").asText())).isEqualByComparingTo("0");
        assertThat(report.path("budget_exceeded").asBoolean()).isTrue();
        assertThat(report.path("usage").path("requests").asLong()).isEqualTo(2);
        assertThat(report.path("usage").path("input_tokens").asLong()).isEqualTo(38);
        assertThat(report.path("usage").path("output_tokens").asLong()).isEqualTo(20);
    }

    @Test
    void adminPathsNeedTheAdminKey() {
        assertThat(get("/admin/keys/team-a/usage").statusCode()).isEqualTo(401);
        HttpResponse<String> withTeamKey = get("/admin/keys/team-a/usage", bearer(TEAM_A_KEY));
        assertThat(withTeamKey.statusCode()).isEqualTo(401);
        assertThat(json(withTeamKey.body()).path("error").path("code").asText()).isEqualTo("invalid_api_key");
        // every path under /admin is guarded, whichever route serves it
        assertThat(get("/admin/anything-else").statusCode()).isEqualTo(401);
        assertThat(get("/admin/anything-else", Map.of("x-api-key", ADMIN_KEY)).statusCode()).isEqualTo(404);

        HttpResponse<String> unknown = get("/admin/keys/nobody/usage", bearer(ADMIN_KEY));
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(json(unknown.body()).path("error").path("code").asText()).isEqualTo("key_not_found");
        HttpResponse<String> teamA = get("/admin/keys/team-a/usage", bearer(ADMIN_KEY));
        assertThat(teamA.statusCode()).isEqualTo(200);
        assertThat(json(teamA.body()).path("limits").path("models").toString()).contains("gpt-4o-mini", "mock-gpt");
        assertThat(teamA.body()).doesNotContain(TEAM_A_KEY);
    }

    @Test
    void eachGatewayKeyIsItsOwnCacheTenant() {
        String request = CHAT.formatted("cached-gpt").replace("hi", "tenant check " + System.nanoTime());

        HttpResponse<String> first = post("/v1/chat/completions", request, bearer(HASHED_KEY));
        HttpResponse<String> again = post("/v1/chat/completions", request, Map.of("x-api-key", HASHED_KEY));
        HttpResponse<String> otherKey = post("/v1/chat/completions", request, bearer(CAPPED_KEY));

        assertThat(first.headers().firstValue("x-gateway-cache")).hasValue("miss");
        assertThat(again.headers().firstValue("x-gateway-cache")).hasValue("hit");
        assertThat(otherKey.headers().firstValue("x-gateway-cache")).hasValue("miss");
    }

    @Test
    void maxTokensCeilingAndMessageCountPerKey() {
        HttpResponse<String> tooMany = post("/v1/chat/completions",
                "{\"model\":\"gpt-4o-mini\",\"max_tokens\":500,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}", bearer(CAPPED_KEY));
        assertThat(tooMany.statusCode()).isEqualTo(400);
        assertThat(json(tooMany.body()).path("error").path("param").asText()).isEqualTo("max_tokens");

        HttpResponse<String> unset = post("/v1/chat/completions", CHAT.formatted("gpt-4o-mini"), bearer(CAPPED_KEY));
        assertThat(unset.statusCode()).isEqualTo(200);
        assertThat(json(OPENAI.last().body()).path("max_tokens").asInt()).isEqualTo(100);

        String four = "{\"model\":\"mock-gpt\",\"messages\":[" + "{\"role\":\"user\",\"content\":\"a\"},".repeat(3)
                + "{\"role\":\"user\",\"content\":\"b\"}]}";
        HttpResponse<String> longChat = post("/v1/chat/completions", four, bearer(CAPPED_KEY));
        assertThat(longChat.statusCode()).isEqualTo(400);
        assertThat(json(longChat.body()).path("error").path("param").asText()).isEqualTo("messages");
    }

    private HttpResponse<String> get(String path, Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url(path))).timeout(Duration.ofSeconds(30)).GET();
        headers.forEach(request::header);
        return send(request.build());
    }
}
