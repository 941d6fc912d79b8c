package io.llmgateway.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmgateway.support.FakeProvider;
import io.llmgateway.support.FakeProvider.Answer;
import io.llmgateway.support.GatewayTestSupport;
import io.llmgateway.support.OpenAiWire;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** POST /v1/chat/completions over real HTTP, through the YAML routes, to the mock and a fake OpenAI. */
class ChatCompletionsTest extends GatewayTestSupport {

    private static final String HELLO = """
            {"model":"%s","messages":[{"role":"user","content":"hi"}]}""";

    @BeforeEach
    void resetFake() {
        OPENAI.reset(Answer.json(200, OpenAiWire.completion("gpt-4o-mini-2024-07-18", "Hello from fake OpenAI")));
    }

    @Test
    void mockModelAnswersAChatCompletionWithUsage() {
        HttpResponse<String> response = post("/v1/chat/completions", HELLO.formatted("mock-gpt"));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("content-type")).hasValueSatisfying(v -> assertThat(v).startsWith("application/json"));
        JsonNode body = json(response.body());
        assertThat(body.path("object").asText()).isEqualTo("chat.completion");
        assertThat(body.path("choices").get(0).path("message").path("role").asText()).isEqualTo("assistant");
        assertThat(body.path("choices").get(0).path("message").path("content").asText()).contains("hi");
        assertThat(body.path("choices").get(0).path("finish_reason").asText()).isEqualTo("stop");
        assertThat(body.path("usage").path("prompt_tokens").asInt()).isPositive();
        assertThat(body.path("usage").path("total_tokens").asInt())
                .isEqualTo(body.path("usage").path("prompt_tokens").asInt() + body.path("usage").path("completion_tokens").asInt());
        assertThat(response.headers().firstValue("x-gateway-provider")).hasValue("mock");
        assertThat(response.headers().firstValue("x-gateway-model")).hasValue("mock-gpt");
        assertThat(response.headers().firstValue("x-request-id")).hasValueSatisfying(id -> assertThat(id).startsWith("req_"));
    }

    @Test
    void openAiKindReceivesTheRequestAsOpenAiDefinesIt() {
        String request = """
                {"model":"gpt-4o-mini","messages":[{"role":"system","content":"Be brief."},
                 {"role":"user","content":[{"type":"text","text":"What is in this image?"},
                   {"type":"image_url","image_url":{"url":"https://example.com/cat.png"}}]}],
                 "temperature":0.5,"seed":7,"logit_bias":{"50256":-100},"service_tier":"auto"}""";

        HttpResponse<String> response = post("/v1/chat/completions", request,
                Map.of("Authorization", "Bearer caller-gateway-key", "X-Request-Id", "trace-abc-123"));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(json(response.body()).path("choices").get(0).path("message").path("content").asText())
                .isEqualTo("Hello from fake OpenAI");
        assertThat(response.headers().firstValue("x-request-id")).hasValue("trace-abc-123");
        assertThat(response.headers().firstValue("x-gateway-provider")).hasValue("fake-openai");

        FakeProvider.Received sent = OPENAI.last();
        assertThat(sent.method()).isEqualTo("POST");
        assertThat(sent.path()).isEqualTo("/v1/chat/completions");
        assertThat(sent.header("Authorization")).isEqualTo("Bearer " + FAKE_OPENAI_KEY);
        assertThat(sent.header("X-Request-Id")).isNull();
        JsonNode body = json(sent.body());
        assertThat(body.path("model").asText()).isEqualTo("gpt-4o-mini-2024-07-18");
        assertThat(body.path("temperature").asDouble()).isEqualTo(0.5);
        assertThat(body.path("seed").asInt()).isEqualTo(7);
        // fields the gateway does not model still reach an OpenAI-kind provider
        assertThat(body.path("logit_bias").path("50256").asInt()).isEqualTo(-100);
        assertThat(body.path("service_tier").asText()).isEqualTo("auto");
        assertThat(body.path("messages").get(1).path("content").get(1).path("image_url").path("url").asText())
                .isEqualTo("https://example.com/cat.png");
    }

    @Test
    void aliasContextAddsSystemPromptAndDefaultsWithoutOverridingTheCaller() {
        post("/v1/chat/completions", """
                {"model":"assistant","max_tokens":50,"messages":[{"role":"user","content":"hi"}]}""");

        JsonNode sent = json(OPENAI.last().body());
        assertThat(sent.path("messages").get(0).path("role").asText()).isEqualTo("system");
        assertThat(sent.path("messages").get(0).path("content").asText()).isEqualTo("You are the ACME support assistant.");
        assertThat(sent.path("messages").get(1).path("content").asText()).isEqualTo("hi");
        assertThat(sent.path("temperature").asDouble()).isEqualTo(0.2);
        assertThat(sent.path("max_tokens").asInt()).isEqualTo(50);
    }

    @Test
    void mergeModeJoinsTheAliasPromptIntoTheCallersSystemMessage() {
        HttpResponse<String> response = post("/v1/chat/completions", """
                {"model":"merged-assistant","mock_response":"ok","messages":[
                 {"role":"system","content":"Be brief."},{"role":"user","content":"hi"}]}""");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(json(response.body()).path("choices").get(0).path("message").path("content").asText()).isEqualTo("ok");
        // 2 messages, not 3: the mock counts prompt tokens over what reached it
        HttpResponse<String> separate = post("/v1/chat/completions", """
                {"model":"mock-gpt","mock_response":"ok","messages":[
                 {"role":"system","content":"Answer in French.\\n\\nBe brief."},{"role":"user","content":"hi"}]}""");
        assertThat(json(response.body()).path("usage").path("prompt_tokens").asInt())
                .isEqualTo(json(separate.body()).path("usage").path("prompt_tokens").asInt());
    }

    @Test
    void listsTheModelsCallersCanUse() {
        HttpResponse<String> response = get("/v1/models");

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode body = json(response.body());
        assertThat(body.path("object").asText()).isEqualTo("list");
        assertThat(body.path("data").findValuesAsText("id")).contains("mock-gpt", "gpt-4o-mini", "assistant")
                .doesNotContain("gpt-4o"); // its provider has no key
        assertThat(body.path("data").get(0).path("object").asText()).isEqualTo("model");
    }

    @Test
    void providerTimeoutIsA504NamingTheProvider() {
        OPENAI.enqueue(Answer.json(200, OpenAiWire.completion("gpt-4o-mini", "late")).after(Duration.ofSeconds(4)));

        HttpResponse<String> response = post("/v1/chat/completions", HELLO.formatted("gpt-4o-mini"));

        assertThat(response.statusCode()).isEqualTo(504);
        JsonNode error = json(response.body()).path("error");
        assertThat(error.path("message").asText()).contains("fake-openai").contains("timed out");
        assertThat(error.path("provider").asText()).isEqualTo("fake-openai");
    }
}
