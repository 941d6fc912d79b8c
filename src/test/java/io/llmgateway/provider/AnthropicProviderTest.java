package io.llmgateway.provider;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmgateway.support.AnthropicWire;
import io.llmgateway.support.FakeProvider;
import io.llmgateway.support.FakeProvider.Answer;
import io.llmgateway.support.FakeProvider.Received;
import org.junit.jupiter.api.Test;

/** kind anthropic through the gateway: the fake speaks the Messages API and checks what Anthropic requires. */
class AnthropicProviderTest extends SdkConversationContract {

    private static final String MODEL = "claude-sonnet-4-5-20250929";

    @Override protected FakeProvider fake() { return ANTHROPIC; }
    @Override protected String model() { return "claude-test"; }
    @Override protected String providerId() { return "fake-anthropic"; }

    @Override
    protected Answer text(String text) {
        return Answer.json(200, AnthropicWire.text(MODEL, text));
    }

    @Override
    protected Answer toolCall(String name, String argumentsJson) {
        return Answer.json(200, AnthropicWire.toolUse(MODEL, "toolu_01A09q90qw90lq917835lq9", name, argumentsJson));
    }

    @Override
    protected Answer rateLimited() {
        return Answer.json(429, AnthropicWire.error("rate_limit_error", "Number of request tokens has exceeded your per-minute rate limit"))
                .withHeader("retry-after", "17").withHeader("anthropic-ratelimit-requests-remaining", "0");
    }

    @Override
    protected void assertPlainRequest(Received request) {
        assertThat(request.method()).isEqualTo("POST");
        assertThat(request.path()).isEqualTo("/v1/messages");
        assertThat(request.header("x-api-key")).isEqualTo(FAKE_ANTHROPIC_KEY);
        assertThat(request.header("anthropic-version")).isEqualTo("2023-06-01");
        assertThat(request.header("content-type")).startsWith("application/json");
        assertThat(request.header("authorization")).isNull();
        JsonNode body = body(request);
        assertThat(body.path("model").asText()).isEqualTo(MODEL);
        assertThat(body.path("system").asText()).isEqualTo("Be brief.");
        assertThat(body.path("max_tokens").asInt()).isEqualTo(100);
        assertThat(body.path("temperature").asDouble()).isEqualTo(0.5);
        assertThat(body.path("messages")).hasSize(1);
        assertThat(body.path("messages").get(0).path("role").asText()).isEqualTo("user");
        assertThat(body.path("messages").get(0).path("content").get(0).path("text").asText()).isEqualTo("Hello");
    }

    @Override
    protected void assertToolResultSent(Received request, String callId, JsonNode result) {
        JsonNode body = body(request);
        assertThat(body.path("tools").get(0).path("name").asText()).isEqualTo("get_weather");
        assertThat(body.path("tools").get(0).path("input_schema").path("required").get(0).asText()).isEqualTo("city");
        JsonNode messages = body.path("messages");
        assertThat(messages).hasSize(3);
        JsonNode toolUse = messages.get(1).path("content").get(1);
        assertThat(toolUse.path("type").asText()).isEqualTo("tool_use");
        assertThat(toolUse.path("id").asText()).isEqualTo(callId);
        assertThat(toolUse.path("input").path("city").asText()).isEqualTo("Paris");
        JsonNode toolResult = messages.get(2).path("content").get(0);
        assertThat(messages.get(2).path("role").asText()).isEqualTo("user");
        assertThat(toolResult.path("type").asText()).isEqualTo("tool_result");
        assertThat(toolResult.path("tool_use_id").asText()).isEqualTo(callId);
        assertThat(json(toolResult.path("content").asText())).isEqualTo(result);
    }

    @Override
    protected void assertImageSent(Received request, String base64) {
        JsonNode image = body(request).path("messages").get(0).path("content").get(1);
        assertThat(image.path("type").asText()).isEqualTo("image");
        assertThat(image.path("source").path("type").asText()).isEqualTo("base64");
        assertThat(image.path("source").path("media_type").asText()).isEqualTo("image/png");
        assertThat(image.path("source").path("data").asText()).isEqualTo(base64);
    }

    @Test
    void cachedTokensReachTheCaller() {
        ANTHROPIC.enqueue(text("cached"));

        JsonNode usage = json(post("/v1/chat/completions", """
                {"model":"claude-test","messages":[{"role":"user","content":"hi"}]}""").body()).path("usage");

        // 2095 fresh + 1024 read from cache; OpenAI counts both as prompt tokens
        assertThat(usage.path("prompt_tokens").asInt()).isEqualTo(3119);
        assertThat(usage.path("prompt_tokens_details").path("cached_tokens").asInt()).isEqualTo(1024);
        assertThat(usage.path("completion_tokens").asInt()).isEqualTo(503);
        assertThat(body(ANTHROPIC.last()).path("max_tokens").asInt()).as("defaulted from config").isEqualTo(1024);
    }

    @Test
    void severalChoicesAreRefusedBeforeAnyUpstreamCall() {
        var response = post("/v1/chat/completions", """
                {"model":"claude-test","n":2,"messages":[{"role":"user","content":"hi"}]}""");

        assertThat(response.statusCode()).isEqualTo(400);
        JsonNode error = json(response.body()).path("error");
        assertThat(error.path("code").asText()).isEqualTo("unsupported_feature");
        assertThat(error.path("param").asText()).isEqualTo("n");
        assertThat(error.path("message").asText()).contains("fake-anthropic").contains("n > 1");
        assertThat(ANTHROPIC.received()).isEmpty();
    }
}
