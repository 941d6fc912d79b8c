package io.llmgateway.provider;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmgateway.support.FakeProvider;
import io.llmgateway.support.FakeProvider.Answer;
import io.llmgateway.support.FakeProvider.Received;
import io.llmgateway.support.OpenAiWire;

/** kind azure-openai through the gateway: OpenAI's body addressed to a deployment, with the api-key header. */
class AzureOpenAiProviderTest extends SdkConversationContract {

    @Override protected FakeProvider fake() { return AZURE; }
    @Override protected String model() { return "azure-test"; }
    @Override protected String providerId() { return "fake-azure"; }

    @Override
    protected Answer text(String text) {
        return Answer.json(200, OpenAiWire.completion("gpt-4o-2024-08-06", text));
    }

    @Override
    protected Answer toolCall(String name, String argumentsJson) {
        return Answer.json(200, """
                {"id":"chatcmpl-AZ1","object":"chat.completion","created":1741569952,"model":"gpt-4o-2024-08-06",
                 "choices":[{"index":0,"finish_reason":"tool_calls","logprobs":null,"message":{"role":"assistant","content":null,
                   "tool_calls":[{"id":"call_abc123","type":"function","function":{"name":"%s","arguments":%s}}]},
                   "content_filter_results":{}}],
                 "prompt_filter_results":[{"prompt_index":0,"content_filter_results":{}}],
                 "usage":{"prompt_tokens":82,"completion_tokens":17,"total_tokens":99}}
                """.formatted(name, JSON.valueToTree(argumentsJson).toString()));
    }

    @Override
    protected Answer rateLimited() {
        return Answer.json(429, """
                {"error":{"code":"429","message":"Requests to the ChatCompletions_Create Operation under Azure OpenAI API version 2025-01-01-preview have exceeded token rate limit of your current OpenAI S0 pricing tier. Please retry after 6 seconds."}}
                """).withHeader("Retry-After", "6");
    }

    @Override
    protected void assertPlainRequest(Received request) {
        assertThat(request.method()).isEqualTo("POST");
        assertThat(request.path()).isEqualTo("/openai/deployments/prod-gpt4o/chat/completions");
        assertThat(request.query()).isEqualTo("api-version=2025-01-01-preview");
        assertThat(request.header("api-key")).isEqualTo(FAKE_AZURE_KEY);
        assertThat(request.header("authorization")).isNull();
        JsonNode body = body(request);
        assertThat(body.has("model")).isFalse();
        assertThat(body.path("messages").get(0).path("content").asText()).isEqualTo("Be brief.");
        assertThat(body.path("temperature").asDouble()).isEqualTo(0.5);
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
        JsonNode part = body(request).path("messages").get(0).path("content").get(1);
        assertThat(part.path("image_url").path("url").asText()).isEqualTo("data:image/png;base64," + base64);
    }
}
