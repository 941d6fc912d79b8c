package io.llmgateway.tracing;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmgateway.support.FakeProvider;
import io.llmgateway.support.FakeProvider.Answer;
import io.llmgateway.support.GatewayTestSupport;
import io.llmgateway.support.OpenAiWire;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * W3C trace context through the gateway: the caller's trace continues up to the provider call.
 * Tracing is on because an OTLP endpoint is set: a real HTTP server standing in for a collector.
 */
class TracePropagationTest extends GatewayTestSupport {

    /** OTLP/HTTP: a POST of protobuf spans to /v1/traces, answered 200 with an empty protobuf message. */
    static final FakeProvider COLLECTOR = new FakeProvider(
            new Answer(200, Map.of("Content-Type", "application/x-protobuf"), "", Duration.ZERO));

    @DynamicPropertySource
    static void collector(DynamicPropertyRegistry registry) {
        registry.add("management.otlp.tracing.endpoint", () -> COLLECTOR.baseUrl() + "/v1/traces");
        // one file door per inbox: the shared context already watches it
        registry.add("gateway.batch.enabled", () -> "false");
    }

    private static final Pattern TRACEPARENT = Pattern.compile("00-([0-9a-f]{32})-([0-9a-f]{16})-0[01]");
    private static final String CHAT = """
            {"model":"gpt-4o-mini","messages":[{"role":"user","content":"hi"}]}""";

    @BeforeEach
    void resetFake() {
        OPENAI.reset(Answer.json(200, OpenAiWire.completion("gpt-4o-mini-2024-07-18", "Hello from fake OpenAI")));
    }

    @Test
    void callersTraceIsContinuedUpstreamWithANewParentSpan() {
        String traceId = "4bf92f3577b34da6a3ce929d0e0e4736";
        String callerSpan = "00f067aa0ba902b7";

        HttpResponse<String> response = post("/v1/chat/completions", CHAT,
                Map.of("traceparent", "00-" + traceId + "-" + callerSpan + "-01"));

        assertThat(response.statusCode()).isEqualTo(200);
        String sent = OPENAI.last().header("traceparent");
        assertThat(sent).isNotNull();
        Matcher m = TRACEPARENT.matcher(sent);
        assertThat(m.matches()).as("W3C traceparent sent upstream: %s", sent).isTrue();
        assertThat(m.group(1)).isEqualTo(traceId);
        assertThat(m.group(2)).isNotEqualTo(callerSpan);
    }

    @Test
    void requestWithoutTraceStartsOneAndSendsItUpstream() {
        post("/v1/chat/completions", CHAT);
        post("/v1/chat/completions", CHAT);

        assertThat(OPENAI.received()).hasSize(2).allSatisfy(r -> assertThat(r.header("traceparent")).matches(TRACEPARENT));
        String first = OPENAI.received().get(0).header("traceparent").substring(3, 35);
        String second = OPENAI.received().get(1).header("traceparent").substring(3, 35);
        assertThat(first).isNotEqualTo(second);
    }

    @Test
    void spansReachTheCollector() throws InterruptedException {
        post("/v1/chat/completions", CHAT);

        // the batch span processor sends every few seconds
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (COLLECTOR.received().isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertThat(COLLECTOR.received()).isNotEmpty().allSatisfy(r -> {
            assertThat(r.method()).isEqualTo("POST");
            assertThat(r.path()).isEqualTo("/v1/traces");
            assertThat(r.header("Content-Type")).isEqualTo("application/x-protobuf");
        });
    }
}
