package io.llmgateway.stream;

import static io.llmgateway.support.StreamingFake.data;
import static io.llmgateway.support.StreamingFake.done;
import static io.llmgateway.support.StreamingFake.pause;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmgateway.support.GatewayTestSupport;
import io.llmgateway.support.OpenAiStreamWire;
import io.llmgateway.support.SseClient;
import io.llmgateway.support.StreamingFake.Cut;
import io.llmgateway.support.StreamingFake.Script;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A stream keeps its provider's in-flight slot until it ends, and a stream that breaks off counts against the breaker. */
class StreamResilienceTest extends GatewayTestSupport {

    private static final String ASK = """
            {"model":"stream-guarded","stream":true,"messages":[{"role":"user","content":"Say hello"}]}""";
    private static final String FRAGILE = ASK.replace("stream-guarded", "stream-fragile");

    @BeforeEach
    void setUp() {
        STREAMING.reset();
    }

    @Test
    void aStreamHoldsItsProvidersOnlySlotUntilItEnds() throws Exception {
        // fake-stream-guarded allows one call in flight and does not wait for a slot
        STREAMING.enqueue(Script.sse(data(OpenAiStreamWire.role()), data(OpenAiStreamWire.text("Hello")), pause(1500),
                data(OpenAiStreamWire.text(" world")), data(OpenAiStreamWire.finish("stop")), done()));
        try (SseClient first = SseClient.post(url("/v1/chat/completions"), ASK, Map.of())) {
            assertThat(first.next().data()).contains("assistant"); // streaming, mid-answer

            HttpResponse<String> second = post("/v1/chat/completions", ASK);
            assertThat(second.statusCode()).isEqualTo(429);
            assertThat(json(second.body()).path("error").path("code").asText()).isEqualTo("provider_throttled");

            assertThat(first.rest()).last().isEqualTo("[DONE]");
        }
        STREAMING.enqueue(Script.sse(data(OpenAiStreamWire.role()), data(OpenAiStreamWire.finish("stop")), done()));
        try (SseClient third = SseClient.post(url("/v1/chat/completions"), ASK, Map.of())) {
            assertThat(third.response.statusCode()).isEqualTo(200); // the slot came back when the stream ended
            assertThat(third.rest()).last().isEqualTo("[DONE]");
        }
    }

    @Test
    void streamsThatBreakOffOpenTheCircuit() throws Exception {
        // window of 4 outcomes, threshold 50%: two streams that started well (2 successes) and then broke (2 failures)
        for (int i = 0; i < 2; i++) {
            STREAMING.enqueue(Script.sse(data(OpenAiStreamWire.role()), data(OpenAiStreamWire.text("Hel")), new Cut()));
            try (SseClient sse = SseClient.post(url("/v1/chat/completions"), FRAGILE, Map.of())) {
                List<String> events = sse.rest();
                assertThat(json(events.get(events.size() - 1)).path("error").path("code").asText()).isEqualTo("stream_interrupted");
            }
        }
        JsonNode circuit = json(get("/admin/providers/fake-stream-fragile").body()).path("circuit");
        assertThat(circuit.path("state").asText()).isEqualTo("OPEN");

        HttpResponse<String> rejected = post("/v1/chat/completions", FRAGILE);
        assertThat(rejected.statusCode()).isEqualTo(503);
        assertThat(json(rejected.body()).path("error").path("code").asText()).isEqualTo("circuit_open");
        assertThat(STREAMING.calls()).hasSize(2); // the open circuit kept the third call away from the provider
    }
}
