package io.llmgateway.provider;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmgateway.support.AnthropicWire;
import io.llmgateway.support.FakeProvider.Answer;
import io.llmgateway.support.GatewayTestSupport;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A model's declared capabilities turn requests it cannot serve into a clear 400 before any
 * upstream call. Images, tools and long prompts are first offered to the routing rules
 * (routes/routing-rules.camel.yaml), which move them to a model that can take them when one
 * exists; JSON output and an output limit beyond the window are refused here.
 */
class CapabilitiesTest extends GatewayTestSupport {

    @BeforeEach
    void resetFake() {
        ANTHROPIC.reset(Answer.json(200, AnthropicWire.text("claude-3-5-haiku-20241022", "fine")));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            JSON output                | {"model":"text-only-claude","messages":[{"role":"user","content":"hi"}],"response_format":{"type":"json_object"}} | unsupported_feature | response_format | response_format json_object
            output limit over window   | {"model":"text-only-claude","max_tokens":45,"messages":[{"role":"user","content":"hi"}]} | context_length_exceeded | messages | 45 in the completion
            """)
    void refusedBeforeAnyUpstreamCall(String name, String body, String code, String param, String words) {
        HttpResponse<String> response = post("/v1/chat/completions", body);

        assertThat(response.statusCode()).as(name).isEqualTo(400);
        JsonNode error = json(response.body()).path("error");
        assertThat(error.path("code").asText()).isEqualTo(code);
        assertThat(error.path("param").asText()).isEqualTo(param);
        assertThat(error.path("message").asText()).contains(words);
        if (code.equals("unsupported_feature")) {
            assertThat(error.path("message").asText()).contains("text-only-claude").contains("fake-anthropic");
        }
        assertThat(ANTHROPIC.received()).isEmpty();
    }

    @Test
    void whatTheModelCanServeGoesThrough() {
        HttpResponse<String> response = post("/v1/chat/completions", """
                {"model":"text-only-claude","max_tokens":20,"messages":[{"role":"user","content":"hi"}]}""");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(ANTHROPIC.received()).hasSize(1);
    }
}
