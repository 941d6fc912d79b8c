package io.llmgateway.provider;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmgateway.support.FakeProvider;
import io.llmgateway.support.FakeProvider.Answer;
import io.llmgateway.support.FakeProvider.Received;
import io.llmgateway.support.GeminiWire;
import org.junit.jupiter.api.Test;

/** kind gemini through the gateway: the fake speaks generateContent and checks what Gemini requires. */
class GeminiProviderTest extends SdkConversationContract {

    @Override protected FakeProvider fake() { return GEMINI; }
    @Override protected String model() { return "gemini-test"; }
    @Override protected String providerId() { return "fake-gemini"; }

    @Override
    protected Answer text(String text) {
        return Answer.json(200, GeminiWire.text(text));
    }

    @Override
    protected Answer toolCall(String name, String argumentsJson) {
        return Answer.json(200, GeminiWire.functionCall(name, argumentsJson));
    }

    @Override
    protected Answer rateLimited() {
        return Answer.json(429, GeminiWire.error(429, "RESOURCE_EXHAUSTED", "Resource has been exhausted (e.g. check quota)."));
    }

    @Override
    protected void assertPlainRequest(Received request) {
        assertThat(request.method()).isEqualTo("POST");
        assertThat(request.path()).isEqualTo("/v1beta/models/gemini-2.0-flash:generateContent");
        assertThat(request.query()).isNull();
        assertThat(request.header("x-goog-api-key")).isEqualTo(FAKE_GEMINI_KEY);
        assertThat(request.header("authorization")).isNull();
        JsonNode body = body(request);
        assertThat(body.path("systemInstruction").path("parts").get(0).path("text").asText()).isEqualTo("Be brief.");
        assertThat(body.path("contents")).hasSize(1);
        assertThat(body.path("contents").get(0).path("role").asText()).isEqualTo("user");
        assertThat(body.path("contents").get(0).path("parts").get(0).path("text").asText()).isEqualTo("Hello");
        assertThat(body.path("generationConfig").path("temperature").asDouble()).isEqualTo(0.5);
        assertThat(body.path("generationConfig").path("maxOutputTokens").asInt()).isEqualTo(100);
    }

    @Override
    protected void assertToolResultSent(Received request, String callId, JsonNode result) {
        JsonNode body = body(request);
        JsonNode declaration = body.path("tools").get(0).path("functionDeclarations").get(0);
        assertThat(declaration.path("name").asText()).isEqualTo("get_weather");
        assertThat(declaration.path("parameters").path("properties").has("city")).isTrue();
        JsonNode contents = body.path("contents");
        assertThat(contents).hasSize(3);
        assertThat(contents.get(1).path("role").asText()).isEqualTo("model");
        assertThat(contents.get(1).path("parts").get(0).path("functionCall").path("args").path("city").asText()).isEqualTo("Paris");
        JsonNode response = contents.get(2).path("parts").get(0).path("functionResponse");
        assertThat(contents.get(2).path("role").asText()).isEqualTo("user");
        assertThat(response.path("name").asText()).isEqualTo("get_weather");
        assertThat(response.path("response")).isEqualTo(result);
    }

    @Override
    protected void assertImageSent(Received request, String base64) {
        JsonNode inline = body(request).path("contents").get(0).path("parts").get(1).path("inlineData");
        assertThat(inline.path("mimeType").asText()).isEqualTo("image/png");
        assertThat(inline.path("data").asText()).isEqualTo(base64);
    }

    @Test
    void safetyBlockBecomesContentFilter() {
        GEMINI.enqueue(Answer.json(200, """
                {"candidates":[{"finishReason":"SAFETY","index":0,"safetyRatings":[
                  {"category":"HARM_CATEGORY_DANGEROUS_CONTENT","probability":"HIGH","blocked":true}]}],
                 "usageMetadata":{"promptTokenCount":9,"totalTokenCount":9},"modelVersion":"gemini-2.0-flash"}"""));

        JsonNode choice = json(post("/v1/chat/completions", """
                {"model":"gemini-test","messages":[{"role":"user","content":"something risky"}]}""").body())
                .path("choices").get(0);

        assertThat(choice.path("finish_reason").asText()).isEqualTo("content_filter");
        assertThat(choice.path("message").path("content").asText()).isEmpty();
    }

    @Test
    void jsonSchemaBecomesResponseSchema() {
        GEMINI.enqueue(text("{\\\"name\\\":\\\"Lyon\\\"}"));

        JsonNode answer = json(post("/v1/chat/completions", """
                {"model":"gemini-test","messages":[{"role":"user","content":"a city"}],
                 "response_format":{"type":"json_schema","json_schema":{"name":"city","strict":true,"schema":
                   {"type":"object","properties":{"name":{"type":"string"}},"required":["name"],"additionalProperties":false}}}}""").body());

        assertThat(json(answer.path("choices").get(0).path("message").path("content").asText()).path("name").asText()).isEqualTo("Lyon");
        JsonNode config = body(GEMINI.last()).path("generationConfig");
        assertThat(config.path("responseMimeType").asText()).isEqualTo("application/json");
        assertThat(config.path("responseSchema").path("required").get(0).asText()).isEqualTo("name");
        assertThat(config.path("responseSchema").has("additionalProperties")).as("Gemini's schema subset refuses it").isFalse();
    }

    @Test
    void imageUrlBecomesFileDataTypedByItsPathNotItsQuery() {
        GEMINI.enqueue(text("A cat."));

        post("/v1/chat/completions", """
                {"model":"gemini-test","messages":[{"role":"user","content":[{"type":"text","text":"what is this?"},
                  {"type":"image_url","image_url":{"url":"https://cdn.example.com/Cat.PNG?sig=a.jpg#top"}},
                  {"type":"image_url","image_url":{"url":"https://cdn.example.com/photo#x.webp"}}]}]}""");

        JsonNode parts = body(GEMINI.last()).path("contents").get(0).path("parts");
        assertThat(parts.get(1).path("fileData").path("fileUri").asText()).isEqualTo("https://cdn.example.com/Cat.PNG?sig=a.jpg#top");
        assertThat(parts.get(1).path("fileData").path("mimeType").asText()).isEqualTo("image/png");
        assertThat(parts.get(2).path("fileData").path("mimeType").asText()).isEqualTo("image/jpeg");
    }
}
