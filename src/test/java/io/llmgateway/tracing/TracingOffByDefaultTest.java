package io.llmgateway.tracing;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmgateway.support.FakeProvider.Answer;
import io.llmgateway.support.GatewayTestSupport;
import io.llmgateway.support.OpenAiWire;
import io.micrometer.tracing.Tracer;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;

/** The shared test gateway has no OTLP endpoint, as a default install has none: tracing stays off. */
class TracingOffByDefaultTest extends GatewayTestSupport {

    private static final String CHAT = "{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";

    @Autowired
    ApplicationContext context;

    @BeforeEach
    void resetFake() {
        OPENAI.reset(Answer.json(200, OpenAiWire.completion("gpt-4o-mini-2024-07-18", "Hello from fake OpenAI")));
    }

    @Test
    void withoutAnEndpointNoTraceContextGoesUpstream() {
        HttpResponse<String> response = post("/v1/chat/completions", CHAT,
                Map.of("traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(OPENAI.last().header("traceparent")).isNull();
    }

    @Test
    void noSpansAreMadeButHttpRequestsAreStillCounted() {
        Map<String, String> ok = Map.of("method", "POST", "status", "200");
        double before = metric("http_server_requests_seconds_count", ok);

        assertThat(post("/v1/chat/completions", CHAT).statusCode()).isEqualTo(200);

        // no tracer at all: spans nobody exports would cost CPU on every request
        assertThat(context.getBeanNamesForType(Tracer.class)).isEmpty();
        assertThat(metric("http_server_requests_seconds_count", ok)).isEqualTo(before + 1);
    }
}
