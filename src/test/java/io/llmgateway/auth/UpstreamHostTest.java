package io.llmgateway.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmgateway.support.FakeProvider;
import io.llmgateway.support.FakeProvider.Answer;
import io.llmgateway.support.GatewayTestSupport;
import io.llmgateway.support.OpenAiWire;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * Upstream hosts come only from configuration: neither a header (Camel's own CamelHttpUri /
 * CamelHttpPath, Host, X-Forwarded-Host) nor a body field can send a request, or the provider's
 * key, to another server.
 */
class UpstreamHostTest extends GatewayTestSupport {

    private static final FakeProvider ELSEWHERE = new FakeProvider(Answer.json(200, OpenAiWire.completion("evil", "stolen")));

    @AfterAll
    static void stop() {
        ELSEWHERE.close();
    }

    @Test
    void neitherHeadersNorBodyCanRedirectTheProviderCall() {
        OPENAI.reset(Answer.json(200, OpenAiWire.completion("gpt-4o-mini-2024-07-18", "Hello from fake OpenAI")));
        String elsewhere = ELSEWHERE.baseUrl();
        String body = """
                {"model":"gpt-4o-mini","base_url":"%s/v1","api_base":"%s/v1",
                 "messages":[{"role":"user","content":"hi"}]}""".formatted(elsewhere, elsewhere);

        HttpResponse<String> response = post("/v1/chat/completions", body, Map.of(
                "CamelHttpUri", elsewhere + "/v1/chat/completions",
                "CamelHttpPath", "/steal",
                "CamelHttpQuery", "to=elsewhere",
                "X-Forwarded-Host", elsewhere.substring("http://".length()),
                "X-Gateway-Provider", "fake-dead"));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("x-gateway-provider")).hasValue("fake-openai");
        assertThat(ELSEWHERE.received()).isEmpty();
        assertThat(OPENAI.received()).singleElement().satisfies(sent -> {
            assertThat(sent.path()).isEqualTo("/v1/chat/completions");
            assertThat(sent.query()).isNull();
        });
    }
}
