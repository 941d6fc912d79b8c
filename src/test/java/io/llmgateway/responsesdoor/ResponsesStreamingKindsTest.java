package io.llmgateway.responsesdoor;

import static io.llmgateway.support.StreamingFake.data;
import static io.llmgateway.support.StreamingFake.done;
import static org.assertj.core.api.Assertions.assertThat;

import com.openai.client.OpenAIClient;
import com.openai.helpers.ResponseAccumulator;
import com.openai.models.responses.Response;
import com.openai.models.responses.ResponseCreateParams;
import com.openai.models.responses.ResponseStatus;
import io.llmgateway.support.AzureStreamWire;
import io.llmgateway.support.BedrockStreamWire;
import io.llmgateway.support.GatewayTestSupport;
import io.llmgateway.support.GeminiStreamWire;
import io.llmgateway.support.OllamaStreamWire;
import io.llmgateway.support.StreamingFake.Cut;
import io.llmgateway.support.StreamingFake.Script;
import io.llmgateway.support.StreamingFake.Step;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * "stream": true on /v1/responses to the native kinds and Azure (OpenAI and Anthropic are in
 * {@link ResponsesStreamingTest}): each vendor's own stream format behind the gateway, the same
 * typed event sequence for the official SDK, and a stream that breaks ends in response.failed.
 */
class ResponsesStreamingKindsTest extends GatewayTestSupport {

    /**
     * One provider kind: the alias routed to it, the path its streamed call goes to, a two-piece
     * "Hello world" with its token counts, and a stream that breaks after "Hel" as that vendor breaks.
     */
    record Upstream(String kind, String alias, String path, Supplier<Script> hello, int input, int output,
            Supplier<Script> broken) {
        @Override
        public String toString() {
            return kind;
        }
    }

    static Stream<Upstream> upstreams() {
        return Stream.of(
                new Upstream("gemini", "stream-gemini", "/v1beta/models/gemini-2.0-flash:streamGenerateContent",
                        () -> gemini(GeminiStreamWire.text("Hello"), GeminiStreamWire.last(" world", "STOP", 8, 2)), 8, 2,
                        () -> gemini(GeminiStreamWire.text("Hel"),
                                GeminiStreamWire.error(500, "INTERNAL", "An internal error has occurred."))),
                new Upstream("ollama", "stream-ollama", "/api/chat",
                        () -> ollama(OllamaStreamWire.text("Hello"), OllamaStreamWire.text(" world"),
                                OllamaStreamWire.done("stop", 26, 2)), 26, 2,
                        () -> ollama(OllamaStreamWire.text("Hel"), OllamaStreamWire.error("an error was encountered while running the model"))),
                new Upstream("azure", "stream-azure", "/openai/deployments/prod-gpt4o/chat/completions",
                        () -> Script.sse(data(AzureStreamWire.promptFilters()), data(AzureStreamWire.delta("{\"role\":\"assistant\",\"content\":\"\"}", "null")),
                                data(AzureStreamWire.delta("{\"content\":\"Hello\"}", "null")), data(AzureStreamWire.delta("{\"content\":\" world\"}", "null")),
                                data(AzureStreamWire.delta("{}", "\"stop\"")), data(AzureStreamWire.usage(9, 2)),
                                done()), 9, 2,
                        () -> Script.sse(data(AzureStreamWire.promptFilters()), data(AzureStreamWire.delta("{\"role\":\"assistant\",\"content\":\"\"}", "null")),
                                data(AzureStreamWire.delta("{\"content\":\"Hel\"}", "null")), new Cut())),
                new Upstream("bedrock", "stream-bedrock", "/model/anthropic.claude-3-5-sonnet-20240620-v1%3A0/converse-stream",
                        () -> bedrock(BedrockStreamWire.messageStart(), BedrockStreamWire.text(0, "Hello"),
                                BedrockStreamWire.text(0, " world"), BedrockStreamWire.blockStop(0),
                                BedrockStreamWire.messageStop("end_turn"), BedrockStreamWire.metadata(11, 3)), 11, 3,
                        () -> bedrock(BedrockStreamWire.messageStart(), BedrockStreamWire.text(0, "Hel"),
                                BedrockStreamWire.exception("modelStreamErrorException",
                                        "The model stream was interrupted. Retry your request."))));
    }

    private static Script gemini(Step... steps) {
        return new Script(200, GeminiStreamWire.CONTENT_TYPE, List.of(steps));
    }

    private static Script ollama(Step... steps) {
        return new Script(200, OllamaStreamWire.CONTENT_TYPE, List.of(steps));
    }

    private static Script bedrock(Step... steps) {
        return new Script(200, BedrockStreamWire.CONTENT_TYPE, List.of(steps));
    }

    private OpenAIClient client;

    @BeforeEach
    void setUp() {
        STREAMING.reset();
        client = ResponsesStreamingTest.client(url("/v1"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("upstreams")
    void theSdkGetsTheTypedEventsAndTheText(Upstream upstream) {
        STREAMING.enqueue(upstream.hello().get());
        ResponseAccumulator accumulator = ResponseAccumulator.createWithSnapshots();

        List<String> types = ResponsesStreamingTest.stream(client,
                ResponseCreateParams.builder().model(upstream.alias()).input("Say hello").build(), accumulator);

        assertThat(types).isEqualTo(ResponsesStreamingTest.TWO_DELTAS);
        Response response = accumulator.response();
        assertThat(response.status()).hasValue(ResponseStatus.COMPLETED);
        assertThat(response.model().asString()).isEqualTo(upstream.alias());
        assertThat(ResponsesApiTest.outputText(response)).isEqualTo("Hello world");
        assertThat(ResponsesApiTest.outputText(accumulator.reconstructedResponse())).isEqualTo("Hello world");
        assertThat(response.usage().orElseThrow().inputTokens()).isEqualTo(upstream.input());
        assertThat(response.usage().orElseThrow().outputTokens()).isEqualTo(upstream.output());
        assertThat(STREAMING.last().requestLine).startsWith("POST " + upstream.path());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("upstreams")
    void aBrokenUpstreamStreamEndsInResponseFailedNeverCompleted(Upstream upstream) {
        STREAMING.enqueue(upstream.broken().get());

        assertThat(ResponsesStreamingTest.outcomes(client, upstream.alias()))
                .endsWith("failed", "error").doesNotContain("completed");
    }
}
