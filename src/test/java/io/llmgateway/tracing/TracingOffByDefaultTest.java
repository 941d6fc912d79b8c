package io.llmgateway.tracing;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmgateway.support.FakeProvider.Answer;
import io.llmgateway.support.GatewayTestSupport;
import io.llmgateway.support.OpenAiWire;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The shared test gateway has no OTLP endpoint, as a default install has none: tracing stays off. */
class TracingOffByDefaultTest extends GatewayTestSupport {

    @Test
    void withoutAnEndpointNoTraceContextGoesUpstream() {
        OPENAI.reset(Answer.json(200, OpenAiWire.completion("gpt-4o-mini-2024-07-18", "Hello from fake OpenAI")));

        HttpResponse<String> response = post("/v1/chat/completions",
                "{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}",
                Map.of("traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(OPENAI.last().header("traceparent")).isNull();
    }
}
