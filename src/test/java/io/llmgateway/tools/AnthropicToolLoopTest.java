package io.llmgateway.tools;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmgateway.support.AnthropicWire;
import io.llmgateway.support.FakeProvider;
import io.llmgateway.support.FakeProvider.Answer;
import io.llmgateway.support.GatewayTestSupport;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The gateway's tool loop behind the anthropic kind: tool_use in, tool_result back, the answer out. */
class AnthropicToolLoopTest extends GatewayTestSupport {

    private static final String MODEL = "claude-sonnet-4-5-20250929";

    @BeforeEach
    void resetFake() {
        ANTHROPIC.reset(Answer.json(200, AnthropicWire.text(MODEL, "Hello from fake Anthropic")));
    }

    @Test
    void aGatewayToolRunsBetweenTwoAnthropicCalls() {
        ANTHROPIC.enqueue(Answer.json(200, AnthropicWire.toolUse(MODEL, "toolu_01A", "calculator", "{\"expression\":\"6*7\"}")));
        ANTHROPIC.enqueue(Answer.json(200, AnthropicWire.text(MODEL, "6 times 7 is 42.")));

        HttpResponse<String> response = post("/v1/chat/completions",
                "{\"model\":\"tools-claude\",\"messages\":[{\"role\":\"user\",\"content\":\"What is 6 times 7?\"}]}");

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(json(response.body()).at("/choices/0/message/content").asText()).isEqualTo("6 times 7 is 42.");
        assertThat(response.headers().firstValue("x-gateway-tools")).hasValue("calculator");

        List<FakeProvider.Received> calls = ANTHROPIC.received();
        assertThat(calls).hasSize(2);
        JsonNode first = json(calls.get(0).body());
        assertThat(first.at("/tools/0/name").asText()).isEqualTo("calculator");
        assertThat(first.at("/tools/0/input_schema/required/0").asText()).isEqualTo("expression");
        JsonNode messages = json(calls.get(1).body()).path("messages");
        JsonNode assistant = messages.get(1);
        assertThat(assistant.path("role").asText()).isEqualTo("assistant");
        assertThat(assistant.path("content").findValuesAsText("type")).contains("tool_use");
        JsonNode result = messages.get(2);
        assertThat(result.path("role").asText()).isEqualTo("user");
        assertThat(result.at("/content/0/type").asText()).isEqualTo("tool_result");
        assertThat(result.at("/content/0/tool_use_id").asText()).isEqualTo("toolu_01A");
        assertThat(result.at("/content/0/content").toString()).contains("42");
    }
}
