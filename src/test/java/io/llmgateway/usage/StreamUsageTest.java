package io.llmgateway.usage;

import static io.llmgateway.support.StreamingFake.data;
import static io.llmgateway.support.StreamingFake.done;
import static io.llmgateway.support.StreamingFake.pause;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.EncodingType;
import io.llmgateway.support.AnthropicStreamWire;
import io.llmgateway.support.GatewayTestSupport;
import io.llmgateway.support.LogCapture;
import io.llmgateway.support.OpenAiStreamWire;
import io.llmgateway.support.Prometheus;
import io.llmgateway.support.SseClient;
import io.llmgateway.support.StreamingFake.Script;
import io.llmgateway.support.StreamingFake.Step;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A streamed answer's usage arrives with the vendor's last event, after the answer's head went out:
 * the request log line, the token metrics and the cost are recorded at the stream's end with it.
 * priced-stream-gpt costs 0.15 input / 0.60 output USD per 1M tokens (gateway-fakes.yaml).
 */
class StreamUsageTest extends GatewayTestSupport {

    private static final String ASK = """
            {"model":"%s","stream":true,"messages":[{"role":"user","content":"Tell me a story"}]}""";

    @BeforeEach
    void resetFake() {
        STREAMING.reset();
    }

    @Test
    void logLineTokenMetricsAndCostOfAStreamCountTheVendorsFinalUsage() {
        STREAMING.enqueue(Script.sse(data(OpenAiStreamWire.role()), data(OpenAiStreamWire.text("Once upon a time")),
                data(OpenAiStreamWire.finish("stop")), data(OpenAiStreamWire.usage(9, 120)), done()));
        String requestId = "stream-usage-" + System.nanoTime();
        Prometheus before = scrape();

        HttpResponse<String> response = post("/v1/chat/completions", ASK.formatted("priced-stream-gpt"),
                Map.of("X-Request-Id", requestId));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("Once upon a time").endsWith("data: [DONE]\n\n");
        // the head went out before the usage was known: no cost header rather than a wrong one
        assertThat(response.headers().firstValue("x-gateway-cost-usd")).isEmpty();
        assertThat(response.headers().firstValue("x-gateway-usage-estimated")).isEmpty();
        // (9 x 0.15 + 120 x 0.60) / 1M
        assertThat(logLine(requestId)).contains("model=priced-stream-gpt", "status=200", "input_tokens=9 ",
                "output_tokens=120 ", "tokens_estimated=false", "cost_usd=0.00007335 ", "stream=completed", "stream_ms=");
        Prometheus after = scrape();
        assertThat(delta(before, after, "gen_ai_client_token_usage_tokens_sum",
                Map.of("model", "priced-stream-gpt", "gen_ai_token_type", "output", "estimated", "false"))).isEqualTo(120);
        assertThat(delta(before, after, "gateway_cost_usd_total", Map.of("model", "priced-stream-gpt")))
                .isCloseTo(0.00007335, within(1e-12));
    }

    @Test
    void aStreamWithoutVendorUsageIsEstimatedFromTheStreamedText() {
        String story = "The quick brown fox jumps over the lazy dog while the gateway counts every token it streams";
        // an OpenAI-compatible server that ignores stream_options.include_usage: no usage chunk
        STREAMING.enqueue(Script.sse(data(OpenAiStreamWire.role()), data(OpenAiStreamWire.text(story)),
                data(OpenAiStreamWire.finish("stop")), done()));
        String requestId = "stream-estimate-" + System.nanoTime();

        HttpResponse<String> response = post("/v1/chat/completions", ASK.formatted("priced-stream-gpt"),
                Map.of("X-Request-Id", requestId));

        assertThat(response.statusCode()).isEqualTo(200);
        int output = Encodings.newDefaultEncodingRegistry().getEncoding(EncodingType.O200K_BASE).countTokensOrdinary(story);
        assertThat(output).isGreaterThan(10);
        assertThat(logLine(requestId)).contains("output_tokens=" + output + " ", "tokens_estimated=true", "stream=completed");
    }

    @Test
    void anthropicStreamsCountTheOutputTokensOfTheirMessageDelta() {
        STREAMING.enqueue(Script.sse(AnthropicStreamWire.messageStart("claude-sonnet-4-5-20250929", 25, 0),
                AnthropicStreamWire.textStart(0), AnthropicStreamWire.text(0, "Hello"), AnthropicStreamWire.blockStop(0),
                AnthropicStreamWire.messageDelta("end_turn", 87), AnthropicStreamWire.messageStop()));
        String requestId = "stream-anthropic-usage-" + System.nanoTime();

        HttpResponse<String> response = post("/v1/chat/completions", ASK.formatted("stream-claude"),
                Map.of("X-Request-Id", requestId));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(logLine(requestId)).contains("model=stream-claude", "input_tokens=25 ", "output_tokens=87 ",
                "tokens_estimated=false");
    }

    @Test
    void aStreamTheClientLeftCountsWhatWasStreamedUntilThen() throws Exception {
        List<Step> steps = new ArrayList<>();
        steps.add(data(OpenAiStreamWire.role()));
        for (int i = 0; i < 100; i++) {
            steps.add(data(OpenAiStreamWire.text("tick" + i + " ")));
            steps.add(pause(50));
        }
        steps.add(data(OpenAiStreamWire.usage(9, 400)));
        steps.add(done());
        STREAMING.enqueue(new Script(200, "text/event-stream", steps));
        long before = cancelledLines().size();
        Map<String, String> cancelled = Map.of("model", "priced-stream-gpt", "outcome", "cancelled");
        double cancelledBefore = scrape().sum("gateway_streams_total", cancelled);

        SseClient.readEventsThenHangUp(port, "/v1/chat/completions", ASK.formatted("priced-stream-gpt"), 3);

        // the gateway notices the hang-up at its next write; the line follows then
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (cancelledLines().size() == before && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        List<String> lines = cancelledLines();
        assertThat(lines).hasSize((int) before + 1);
        String line = lines.get(lines.size() - 1);
        // the vendor's usage never came: the prompt and the ticks streamed so far, estimated
        assertThat(line).contains("tokens_estimated=true", "status=200");
        long output = Long.parseLong(line.replaceAll(".* output_tokens=(\\d+) .*", "$1"));
        assertThat(output).isBetween(2L, 120L);
        // and the stream is counted by how it ended
        while (scrape().sum("gateway_streams_total", cancelled) == cancelledBefore && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(scrape().sum("gateway_streams_total", cancelled) - cancelledBefore).isEqualTo(1.0);
    }

    private static List<String> cancelledLines() {
        return LogCapture.lines().stream().filter(l -> l.startsWith("INFO io.llmgateway.requests")
                && l.contains("model=priced-stream-gpt") && l.contains("stream=cancelled")).toList();
    }

    /** The request's one log line; written before the gateway sends the stream's last bytes. */
    private static String logLine(String requestId) {
        String line = LogCapture.requestLine(requestId);
        assertThat(line).startsWith("INFO io.llmgateway.requests");
        return line;
    }

    private static double delta(Prometheus before, Prometheus after, String name, Map<String, String> labels) {
        return after.sum(name, labels) - before.sum(name, labels);
    }
}
