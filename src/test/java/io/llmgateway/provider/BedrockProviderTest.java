package io.llmgateway.provider;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmgateway.support.BedrockWire;
import io.llmgateway.support.FakeProvider;
import io.llmgateway.support.FakeProvider.Answer;
import io.llmgateway.support.FakeProvider.Received;
import io.llmgateway.support.SigV4;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** kind bedrock through the gateway: the fake speaks the Converse API and checks the SigV4 signature. */
class BedrockProviderTest extends SdkConversationContract {

    @Override protected FakeProvider fake() { return BEDROCK; }
    @Override protected String model() { return "bedrock-test"; }
    @Override protected String providerId() { return "fake-bedrock"; }

    @Override
    protected Answer text(String text) {
        return Answer.json(200, BedrockWire.text(text));
    }

    @Override
    protected Answer toolCall(String name, String argumentsJson) {
        return Answer.json(200, BedrockWire.toolUse("tooluse_kZJMlvQmRJ6eAyJE5GIl7Q", name, argumentsJson));
    }

    @Override
    protected Answer rateLimited() {
        return BedrockWire.error(429, "ThrottlingException", "Too many requests, please wait before trying again.");
    }

    @Override
    protected void assertPlainRequest(Received request) {
        assertThat(request.method()).isEqualTo("POST");
        assertThat(request.rawPath()).isEqualTo("/model/anthropic.claude-3-5-sonnet-20240620-v1%3A0/converse");
        SigV4.assertSigned(request);
        JsonNode body = body(request);
        assertThat(body.path("system").get(0).path("text").asText()).isEqualTo("Be brief.");
        assertThat(body.path("messages").get(0).path("role").asText()).isEqualTo("user");
        assertThat(body.path("messages").get(0).path("content").get(0).path("text").asText()).isEqualTo("Hello");
        assertThat(body.path("inferenceConfig").path("temperature").asDouble()).isEqualTo(0.5);
        assertThat(body.path("inferenceConfig").path("maxTokens").asInt()).isEqualTo(100);
    }

    @Override
    protected void assertToolResultSent(Received request, String callId, JsonNode result) {
        SigV4.assertSigned(request);
        JsonNode body = body(request);
        JsonNode spec = body.path("toolConfig").path("tools").get(0).path("toolSpec");
        assertThat(spec.path("name").asText()).isEqualTo("get_weather");
        assertThat(spec.path("inputSchema").path("json").path("required").get(0).asText()).isEqualTo("city");
        JsonNode messages = body.path("messages");
        assertThat(messages.get(1).path("content").get(0).path("toolUse").path("toolUseId").asText()).isEqualTo(callId);
        JsonNode toolResult = messages.get(2).path("content").get(0).path("toolResult");
        assertThat(messages.get(2).path("role").asText()).isEqualTo("user");
        assertThat(toolResult.path("toolUseId").asText()).isEqualTo(callId);
        assertThat(toolResult.path("content").get(0).path("json")).isEqualTo(result);
    }

    @Override
    protected void assertImageSent(Received request, String base64) {
        JsonNode image = body(request).path("messages").get(0).path("content").get(1).path("image");
        assertThat(image.path("format").asText()).isEqualTo("png");
        assertThat(image.path("source").path("bytes").asText()).isEqualTo(base64);
    }

    @Test
    void jsonOutputIsRefusedClearlyBeforeAnyUpstreamCall() {
        var response = post("/v1/chat/completions", """
                {"model":"bedrock-test","response_format":{"type":"json_object"},"messages":[{"role":"user","content":"hi"}]}""");

        assertThat(response.statusCode()).isEqualTo(400);
        JsonNode error = json(response.body()).path("error");
        assertThat(error.path("param").asText()).isEqualTo("response_format");
        assertThat(error.path("message").asText()).contains("fake-bedrock").contains("bedrock").contains("json_object");
        assertThat(BEDROCK.received()).isEmpty();
    }

    @Test
    void validationErrorsKeepTheAwsErrorName() {
        BEDROCK.enqueue(BedrockWire.error(400, "ValidationException", "The provided model identifier is invalid."));

        var response = post("/v1/chat/completions", """
                {"model":"bedrock-test","messages":[{"role":"user","content":"hi"}]}""");

        assertThat(response.statusCode()).isEqualTo(400);
        JsonNode error = json(response.body()).path("error");
        assertThat(error.path("code").asText()).isEqualTo("ValidationException");
        assertThat(error.path("message").asText()).isEqualTo("Provider 'fake-bedrock' returned 400: The provided model identifier is invalid.");
        assertThat(new String(response.body().getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8)).doesNotContain(FAKE_AWS_SECRET_KEY);
    }
}
