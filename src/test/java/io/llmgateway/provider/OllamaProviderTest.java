package io.llmgateway.provider;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmgateway.support.FakeProvider;
import io.llmgateway.support.FakeProvider.Answer;
import io.llmgateway.support.FakeProvider.Received;
import io.llmgateway.support.OllamaWire;
import org.junit.jupiter.api.Test;

/** kind ollama through the gateway: the fake speaks Ollama's native /api/chat. */
class OllamaProviderTest extends SdkConversationContract {

    @Override protected FakeProvider fake() { return OLLAMA; }
    @Override protected String model() { return "ollama-test"; }
    @Override protected String providerId() { return "fake-ollama"; }

    @Override
    protected Answer text(String text) {
        return Answer.json(200, OllamaWire.text("llama3.2", text));
    }

    @Override
    protected Answer toolCall(String name, String argumentsJson) {
        return Answer.json(200, OllamaWire.toolCall("llama3.2", name, argumentsJson));
    }

    @Override
    protected Answer rateLimited() {
        // Ollama itself answers 429 with {"error": ...} when its request queue is full (OLLAMA_MAX_QUEUE)
        return Answer.json(429, OllamaWire.error("server busy, please try again.  maximum pending requests exceeded"));
    }

    @Override
    protected void assertPlainRequest(Received request) {
        assertThat(request.method()).isEqualTo("POST");
        assertThat(request.path()).isEqualTo("/api/chat");
        assertThat(request.header("authorization")).isNull();
        JsonNode body = body(request);
        assertThat(body.path("model").asText()).isEqualTo("llama3.2");
        assertThat(body.path("stream").asBoolean(true)).isFalse();
        assertThat(body.path("keep_alive").asText()).isEqualTo("10m");
        assertThat(body.path("messages").get(0).path("role").asText()).isEqualTo("system");
        assertThat(body.path("messages").get(0).path("content").asText()).isEqualTo("Be brief.");
        assertThat(body.path("messages").get(1).path("content").asText()).isEqualTo("Hello");
        assertThat(body.path("options").path("temperature").asDouble()).isEqualTo(0.5);
        assertThat(body.path("options").path("num_predict").asInt()).isEqualTo(100);
    }

    @Override
    protected void assertToolResultSent(Received request, String callId, JsonNode result) {
        JsonNode body = body(request);
        assertThat(body.path("tools").get(0).path("function").path("name").asText()).isEqualTo("get_weather");
        JsonNode messages = body.path("messages");
        assertThat(messages.get(1).path("tool_calls").get(0).path("function").path("arguments").path("city").asText()).isEqualTo("Paris");
        assertThat(messages.get(2).path("role").asText()).isEqualTo("tool");
        assertThat(messages.get(2).path("tool_name").asText()).isEqualTo("get_weather");
        assertThat(json(messages.get(2).path("content").asText())).isEqualTo(result);
    }

    @Override
    protected void assertImageSent(Received request, String base64) {
        JsonNode message = body(request).path("messages").get(0);
        assertThat(message.path("content").asText()).isEqualTo("What is this?");
        assertThat(message.path("images").get(0).asText()).isEqualTo(base64);
    }

    @Test
    void imageUrlsAreRefusedBeforeAnyUpstreamCall() {
        var response = post("/v1/chat/completions", """
                {"model":"ollama-test","messages":[{"role":"user","content":[
                  {"type":"image_url","image_url":{"url":"https://example.com/cat.png"}}]}]}""");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(json(response.body()).path("error").path("message").asText()).contains("fake-ollama").contains("image URLs");
        assertThat(OLLAMA.received()).isEmpty();
    }

    @Test
    void unknownModelKeepsOllamasStatusAndWords() {
        OLLAMA.enqueue(Answer.json(404, OllamaWire.error("model 'llama3.2' not found")));

        var response = post("/v1/chat/completions", """
                {"model":"ollama-test","messages":[{"role":"user","content":"hi"}]}""");

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(json(response.body()).path("error").path("message").asText())
                .isEqualTo("Provider 'fake-ollama' returned 404: model 'llama3.2' not found");
    }

    @Test
    void localModelsAreListedAndCallableByProviderPrefix() {
        OLLAMA.respondWith(request -> request.path().equals("/api/tags")
                ? Answer.json(200, """
                    {"models":[
                      {"name":"llama3.2:latest","model":"llama3.2:latest","modified_at":"2025-05-04T17:37:44.706015396-07:00",
                       "size":2019393189,"digest":"a80c4f17acd55265feec403c7aef86be0c25983ab279d83f3bcd3abbcb5b8b72",
                       "details":{"parent_model":"","format":"gguf","family":"llama","families":["llama"],
                                  "parameter_size":"3.2B","quantization_level":"Q4_K_M"}},
                      {"name":"qwen2.5:7b","model":"qwen2.5:7b","modified_at":"2025-05-01T10:00:00Z","size":4683087332,
                       "digest":"845dbda0ea48ed749caafd9e6037047aa19acfcfd82e704d7ca97d631a0b697e",
                       "details":{"format":"gguf","family":"qwen2","parameter_size":"7.6B","quantization_level":"Q4_K_M"}}]}""")
                : text("from qwen"));

        JsonNode models = json(get("/v1/models").body()).path("data");
        var chat = post("/v1/chat/completions", """
                {"model":"fake-ollama/qwen2.5:7b","messages":[{"role":"user","content":"hi"}]}""");

        assertThat(models.findValuesAsText("id")).contains("ollama-test", "fake-ollama/llama3.2:latest", "fake-ollama/qwen2.5:7b");
        assertThat(chat.statusCode()).isEqualTo(200);
        assertThat(json(chat.body()).path("choices").get(0).path("message").path("content").asText()).isEqualTo("from qwen");
        assertThat(body(OLLAMA.last()).path("model").asText()).isEqualTo("qwen2.5:7b");
    }

    @Test
    void modelListStillAnswersWhenOllamaIsDown() {
        OLLAMA.enqueue(Answer.json(500, OllamaWire.error("internal error")));

        var response = get("/v1/models");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(json(response.body()).path("data").findValuesAsText("id")).contains("ollama-test")
                .noneMatch(id -> id.startsWith("fake-ollama/"));
    }

    @Test
    void operatorSeesLoadedModelsAndLoadsAndUnloadsThem() {
        OLLAMA.respondWith(request -> request.path().equals("/api/ps")
                ? Answer.json(200, """
                    {"models":[{"name":"llama3.2:latest","model":"llama3.2:latest","size":5137025024,
                      "digest":"2ae6f6dd7a3dd734790bbbf58b8909a606e0e7e97e94b7604e0aa7ae4490e6d8",
                      "details":{"format":"gguf","family":"llama","parameter_size":"3.2B","quantization_level":"Q4_0"},
                      "expires_at":"2024-06-04T14:38:31.83753-07:00","size_vram":5137025024,"context_length":4096}]}""")
                : Answer.json(200, """
                    {"model":"llama3.2","created_at":"2024-09-12T21:17:29.110811Z","response":"","done":true,
                     "done_reason":"%s"}""".formatted(json(request.body()).path("keep_alive").asText().equals("0") ? "unload" : "load")));

        JsonNode running = json(get("/admin/providers/fake-ollama/running").body());
        var load = post("/admin/providers/fake-ollama/load", "{\"model\":\"llama3.2\"}");
        JsonNode loadRequest = body(OLLAMA.last());
        var unload = post("/admin/providers/fake-ollama/unload", "{\"model\":\"llama3.2\"}");
        JsonNode unloadRequest = body(OLLAMA.last());

        assertThat(running.path("data").get(0).path("model").asText()).isEqualTo("llama3.2:latest");
        assertThat(running.path("data").get(0).path("vram_bytes").asLong()).isEqualTo(5137025024L);
        assertThat(running.path("data").get(0).path("expires_at").asText()).startsWith("2024-06-04");
        assertThat(load.statusCode()).isEqualTo(200);
        assertThat(json(load.body()).path("done_reason").asText()).isEqualTo("load");
        assertThat(loadRequest.path("model").asText()).isEqualTo("llama3.2");
        assertThat(loadRequest.path("keep_alive").asText()).as("the provider's keep-alive").isEqualTo("10m");
        assertThat(loadRequest.has("prompt")).isFalse();
        assertThat(json(unload.body()).path("done_reason").asText()).isEqualTo("unload");
        assertThat(unloadRequest.path("keep_alive").isNumber()).isTrue();
        assertThat(unloadRequest.path("keep_alive").asInt()).isZero();
        assertThat(OLLAMA.received().get(1).path()).isEqualTo("/api/generate");
    }

    @Test
    void adminCallsNameUnknownProviders() {
        var response = get("/admin/providers/fake-anthropic/running");

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(json(response.body()).path("error").path("message").asText()).contains("fake-anthropic").contains("ollama");
    }
}
