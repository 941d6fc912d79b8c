package io.llmgateway.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmgateway.support.FakeProvider.Answer;
import io.llmgateway.support.GatewayTestSupport;
import io.llmgateway.support.OpenAiWire;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every way a request can fail reaches the caller as OpenAI error JSON with the right status. */
class ErrorResponsesTest extends GatewayTestSupport {

    @BeforeEach
    void resetFake() {
        OPENAI.reset(Answer.json(200, OpenAiWire.completion("gpt-4o-mini-2024-07-18", "fine")));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            malformed JSON         | {"model":"mock-gpt","messages":[       | 400 | invalid_json               |
            not an object          | [1,2]                                  | 400 | invalid_json               |
            empty body             |                                        | 400 | invalid_json               |
            missing messages       | {"model":"mock-gpt"}                   | 400 | missing_required_parameter | messages
            missing model          | {"messages":[{"role":"user","content":"x"}]} | 400 | missing_required_parameter | model
            empty messages         | {"model":"mock-gpt","messages":[]}     | 400 | empty_array                | messages
            messages not array     | {"model":"mock-gpt","messages":"hi"}   | 400 | invalid_type               | messages
            content wrong type     | {"model":"mock-gpt","messages":[{"role":"user","content":5}]} | 400 | invalid_type | messages[0].content
            temperature wrong type | {"model":"mock-gpt","temperature":"hot","messages":[{"role":"user","content":"x"}]} | 400 | invalid_type | temperature
            temperature too high   | {"model":"mock-gpt","temperature":3,"messages":[{"role":"user","content":"x"}]} | 400 | decimal_out_of_range | temperature
            unknown role           | {"model":"mock-gpt","messages":[{"role":"robot","content":"x"}]} | 400 | invalid_value | messages[0].role
            tool without id        | {"model":"mock-gpt","messages":[{"role":"tool","content":"x"}]} | 400 | missing_required_parameter | messages[0].tool_call_id
            stream_options alone   | {"model":"mock-gpt","stream_options":{"include_usage":true},"messages":[{"role":"user","content":"x"}]} | 400 | invalid_value | stream_options
            include_usage not bool | {"model":"mock-gpt","stream":true,"stream_options":{"include_usage":"yes"},"messages":[{"role":"user","content":"x"}]} | 400 | invalid_type | stream_options.include_usage
            unknown model          | {"model":"gpt-9","messages":[{"role":"user","content":"x"}]} | 404 | model_not_found | model
            provider without key   | {"model":"gpt-4o","messages":[{"role":"user","content":"x"}]} | 404 | model_not_found | model
            """)
    void badRequestsGetOpenAiErrors(String name, String body, int status, String code, String param) {
        HttpResponse<String> response = post("/v1/chat/completions", body == null ? "" : body);

        assertThat(response.statusCode()).as(name).isEqualTo(status);
        JsonNode error = json(response.body()).path("error");
        assertThat(error.path("code").asText()).isEqualTo(code);
        assertThat(error.path("type").asText()).isEqualTo("invalid_request_error");
        assertThat(error.path("message").asText()).isNotBlank().doesNotContain("Exception").doesNotContain("at io.");
        if (param != null) {
            assertThat(error.path("param").asText()).isEqualTo(param);
            if (!code.equals("invalid_value")) {
                assertThat(error.path("message").asText()).contains(param);
            }
        }
        assertThat(response.headers().firstValue("x-request-id")).isPresent();
        assertThat(OPENAI.received()).isEmpty();
    }

    @Test
    void bodyOverTheLimitIs413() {
        String big = "x".repeat(70 * 1024);
        HttpResponse<String> response = post("/v1/chat/completions",
                "{\"model\":\"mock-gpt\",\"messages\":[{\"role\":\"user\",\"content\":\"" + big + "\"}]}");

        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(json(response.body()).path("error").path("code").asText()).isEqualTo("request_too_large");
    }

    @Test
    void chunkedBodyWithoutContentLengthIsReadAndStillLimited() {
        String small = "{\"model\":\"mock-gpt\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
        HttpResponse<String> ok = send(chunked(small));
        assertThat(ok.statusCode()).isEqualTo(200);
        assertThat(json(ok.body()).path("object").asText()).isEqualTo("chat.completion");

        String big = "{\"model\":\"mock-gpt\",\"messages\":[{\"role\":\"user\",\"content\":\"" + "x".repeat(70 * 1024) + "\"}]}";
        HttpResponse<String> tooLarge = send(chunked(big));
        assertThat(tooLarge.statusCode()).isEqualTo(413);
        assertThat(json(tooLarge.body()).path("error").path("code").asText()).isEqualTo("request_too_large");
    }

    /** A body sent with Transfer-Encoding: chunked, as streaming clients do: no Content-Length to go by. */
    private HttpRequest chunked(String body) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        return HttpRequest.newBuilder(URI.create(url("/v1/chat/completions")))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(bytes)))
                .build();
    }

    @Test
    void unreachableProviderIs502NamingIt() {
        HttpResponse<String> response = post("/v1/chat/completions",
                "{\"model\":\"dead-model\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}");

        assertThat(response.statusCode()).isEqualTo(502);
        JsonNode error = json(response.body()).path("error");
        assertThat(error.path("message").asText()).contains("fake-dead").contains("unreachable");
        assertThat(error.path("provider").asText()).isEqualTo("fake-dead");
        assertThat(response.body()).doesNotContain("dead-key-not-used");
    }

    @Test
    void providerErrorKeepsItsStatusAndMessageTaggedWithTheProviderAndNoSecret() {
        OPENAI.enqueue(Answer.json(401, OpenAiWire.error(
                "Incorrect API key provided: " + FAKE_OPENAI_KEY + ". You can find your API key at https://platform.openai.com.",
                "invalid_request_error", null, "invalid_api_key")));

        HttpResponse<String> response = post("/v1/chat/completions",
                "{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}");

        assertThat(response.statusCode()).isEqualTo(401);
        JsonNode error = json(response.body()).path("error");
        assertThat(error.path("code").asText()).isEqualTo("invalid_api_key");
        assertThat(error.path("provider").asText()).isEqualTo("fake-openai");
        assertThat(error.path("message").asText()).startsWith("Provider 'fake-openai' returned 401: Incorrect API key provided");
        assertThat(response.body()).doesNotContain(FAKE_OPENAI_KEY);
    }

    @Test
    void providerServerErrorKeepsItsStatus() {
        OPENAI.enqueue(Answer.json(503, OpenAiWire.error("The engine is currently overloaded, please try again later.",
                "server_error", null, null)).withHeader("Retry-After", "2"));

        HttpResponse<String> response = post("/v1/chat/completions",
                "{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}");

        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(json(response.body()).path("error").path("message").asText()).contains("overloaded").contains("fake-openai");
        assertThat(response.headers().firstValue("Retry-After")).isEmpty(); // upstream headers never leak as-is
    }

    @Test
    void unreadableProviderAnswerIs502() {
        OPENAI.enqueue(new Answer(200, java.util.Map.of("Content-Type", "text/html"), "<html>proxy</html>", java.time.Duration.ZERO));

        HttpResponse<String> response = post("/v1/chat/completions",
                "{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}");

        assertThat(response.statusCode()).isEqualTo(502);
        assertThat(json(response.body()).path("error").path("code").asText()).isEqualTo("invalid_provider_response");
    }

    @Test
    void unknownPathIs404InOpenAiShape() {
        HttpResponse<String> response = get("/v1/does-not-exist");

        assertThat(response.statusCode()).isEqualTo(404);
        JsonNode error = json(response.body()).path("error");
        assertThat(error.path("message").asText()).isEqualTo("Invalid URL (GET /v1/does-not-exist)");
        assertThat(error.path("type").asText()).isEqualTo("invalid_request_error");
    }

    @Test
    void wrongMethodIs405InOpenAiShape() {
        HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(url("/v1/chat/completions")))
                .method("DELETE", HttpRequest.BodyPublishers.noBody()).build());

        assertThat(response.statusCode()).isEqualTo(405);
        assertThat(json(response.body()).path("error").path("code").asText()).isEqualTo("method_not_allowed");
    }
}
