package io.llmgateway.provider;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmgateway.support.FakeProvider;
import io.llmgateway.support.FakeProvider.Answer;
import io.llmgateway.support.FakeProvider.Received;
import io.llmgateway.support.OpenAiWire;

/** kind openai runs the same SDK conversation as the native kinds (the request passes through). */
class OpenAiProviderTest extends SdkConversationContract {

    @Override protected FakeProvider fake() { return OPENAI; }
    @Override protected String model() { return "gpt-4o-mini"; }
    @Override protected String providerId() { return "fake-openai"; }

    @Override
    protected Answer text(String text) {
        return Answer.json(200, OpenAiWire.completion("gpt-4o-mini-2024-07-18", text));
    }

    @Override
    protected Answer toolCall(String name, String argumentsJson) {
        return Answer.json(200, """
                {"id":"chatcmpl-tool","object":"chat.completion","created":1741569952,"model":"gpt-4o-mini-2024-07-18",
                 "choices":[{"index":0,"finish_reason":"tool_calls","logprobs":null,"message":{"role":"assistant","content":null,
                   "tool_calls":[{"id":"call_Xy12","type":"function","function":{"name":"%s","arguments":%s}}]}}],
                 "usage":{"prompt_tokens":82,"completion_tokens":17,"total_tokens":99}}
                """.formatted(name, JSON.valueToTree(argumentsJson).toString()));
    }

    @Override
    protected Answer rateLimited() {
        return Answer.json(429, OpenAiWire.error("Rate limit reached for gpt-4o-mini in organization org-x on requests per min (RPM): Limit 3, Used 3, Requested 1.",
                "requests", null, "rate_limit_exceeded")).withHeader("retry-after", "20");
    }

    @Override
    protected void assertPlainRequest(Received request) {
        assertThat(request.path()).isEqualTo("/v1/chat/completions");
        assertThat(request.header("authorization")).isEqualTo("Bearer " + FAKE_OPENAI_KEY);
        JsonNode body = body(request);
        assertThat(body.path("model").asText()).isEqualTo("gpt-4o-mini-2024-07-18");
        assertThat(body.path("messages").get(0).path("content").asText()).isEqualTo("Be brief.");
        assertThat(body.path("max_completion_tokens").asInt()).isEqualTo(100);
    }

    @Override
    protected void assertToolResultSent(Received request, String callId, JsonNode result) {
        JsonNode messages = body(request).path("messages");
        assertThat(messages.get(1).path("tool_calls").get(0).path("id").asText()).isEqualTo(callId);
        assertThat(messages.get(2).path("tool_call_id").asText()).isEqualTo(callId);
        assertThat(json(messages.get(2).path("content").asText())).isEqualTo(result);
    }

    @Override
    protected void assertImageSent(Received request, String base64) {
        assertThat(body(request).path("messages").get(0).path("content").get(1).path("image_url").path("url").asText())
                .isEqualTo("data:image/png;base64," + base64);
    }
}
