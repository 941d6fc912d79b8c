package io.llmgateway.stream;

import static io.llmgateway.support.StreamingFake.data;
import static io.llmgateway.support.StreamingFake.done;
import static org.assertj.core.api.Assertions.assertThat;

import com.anthropic.client.AnthropicClient;
import com.anthropic.client.okhttp.AnthropicOkHttpClient;
import com.anthropic.helpers.MessageAccumulator;
import com.anthropic.models.messages.Message;
import com.anthropic.models.messages.MessageCreateParams;
import com.anthropic.models.messages.RawMessageStreamEvent;
import com.anthropic.models.messages.StopReason;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.helpers.ChatCompletionAccumulator;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionStreamOptions;
import io.llmgateway.support.AnthropicStreamWire;
import io.llmgateway.support.AnthropicWire;
import io.llmgateway.support.BedrockStreamWire;
import io.llmgateway.support.BedrockWire;
import io.llmgateway.support.GatewayTestSupport;
import io.llmgateway.support.GeminiStreamWire;
import io.llmgateway.support.GeminiWire;
import io.llmgateway.support.OllamaStreamWire;
import io.llmgateway.support.OllamaWire;
import io.llmgateway.support.OpenAiStreamWire;
import io.llmgateway.support.OpenAiWire;
import io.llmgateway.support.StreamingFake.Script;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Both official SDKs against the gateway, streaming and whole, with each vendor's wire format
 * behind it: the caller's code is the same whichever provider answers.
 */
class SdkStreamingMatrixTest extends GatewayTestSupport {

    /** One provider kind behind the gateway: the model alias routed to it, and its vendor's answers. */
    record Upstream(String kind, String alias, Supplier<Script> stream, int completionTokens, Supplier<Script> whole) {
        @Override
        public String toString() {
            return kind;
        }
    }

    static Stream<Upstream> upstreams() {
        return Stream.of(
                new Upstream("openai", "stream-gpt", () -> Script.sse(data(OpenAiStreamWire.role()),
                        data(OpenAiStreamWire.text("Hello")), data(OpenAiStreamWire.text(" world")),
                        data(OpenAiStreamWire.finish("stop")), data(OpenAiStreamWire.usage(9, 2)), done()), 2,
                        () -> Script.json(200, OpenAiWire.completion("gpt-4o-mini-2024-07-18", "Hello whole"))),
                new Upstream("anthropic", "stream-claude", () -> Script.sse(
                        AnthropicStreamWire.messageStart("claude-sonnet-4-5-20250929", 25, 0), AnthropicStreamWire.textStart(0),
                        AnthropicStreamWire.text(0, "Hello"), AnthropicStreamWire.ping(), AnthropicStreamWire.text(0, " world"),
                        AnthropicStreamWire.blockStop(0), AnthropicStreamWire.messageDelta("end_turn", 15),
                        AnthropicStreamWire.messageStop()), 15,
                        () -> Script.json(200, AnthropicWire.text("claude-sonnet-4-5-20250929", "Hello whole"))),
                new Upstream("gemini", "stream-gemini", () -> new Script(200, GeminiStreamWire.CONTENT_TYPE, List.of(
                        GeminiStreamWire.text("Hello"), GeminiStreamWire.last(" world", "STOP", 8, 2))), 2,
                        () -> Script.json(200, GeminiWire.text("Hello whole"))),
                new Upstream("ollama", "stream-ollama", () -> new Script(200, OllamaStreamWire.CONTENT_TYPE, List.of(
                        OllamaStreamWire.text("Hello"), OllamaStreamWire.text(" world"), OllamaStreamWire.done("stop", 26, 2))), 2,
                        () -> Script.json(200, OllamaWire.text(OllamaStreamWire.MODEL, "Hello whole"))),
                new Upstream("bedrock", "stream-bedrock", () -> new Script(200, BedrockStreamWire.CONTENT_TYPE, List.of(
                        BedrockStreamWire.messageStart(), BedrockStreamWire.text(0, "Hello"), BedrockStreamWire.text(0, " world"),
                        BedrockStreamWire.blockStop(0), BedrockStreamWire.messageStop("end_turn"), BedrockStreamWire.metadata(11, 3))), 3,
                        () -> Script.json(200, BedrockWire.text("Hello whole"))));
    }

    private OpenAIClient openAi;
    private AnthropicClient anthropic;

    @BeforeEach
    void setUp() {
        STREAMING.reset();
        openAi = OpenAIOkHttpClient.builder().baseUrl(url("/v1")).apiKey("any-caller-key").maxRetries(0).build();
        anthropic = AnthropicOkHttpClient.builder().baseUrl(url("")).apiKey("any-caller-key").maxRetries(0).build();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("upstreams")
    void openAiSdkStreams(Upstream upstream) {
        STREAMING.enqueue(upstream.stream().get());
        ChatCompletionAccumulator accumulator = ChatCompletionAccumulator.create();
        int[] chunks = {0};
        try (com.openai.core.http.StreamResponse<ChatCompletionChunk> stream = openAi.chat().completions().createStreaming(
                ChatCompletionCreateParams.builder().model(upstream.alias()).addUserMessage("Say hello")
                        .streamOptions(ChatCompletionStreamOptions.builder().includeUsage(true).build()).build())) {
            stream.stream().forEach(chunk -> {
                chunks[0]++;
                accumulator.accumulate(chunk);
            });
        }
        ChatCompletion answer = accumulator.chatCompletion();

        assertThat(answer.choices().get(0).message().content()).hasValue("Hello world");
        assertThat(answer.choices().get(0).finishReason()).isEqualTo(ChatCompletion.Choice.FinishReason.STOP);
        assertThat(answer.usage()).hasValueSatisfying(u -> assertThat(u.completionTokens()).isEqualTo(upstream.completionTokens()));
        assertThat(chunks[0]).isGreaterThanOrEqualTo(4);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("upstreams")
    void anthropicSdkStreams(Upstream upstream) {
        STREAMING.enqueue(upstream.stream().get());
        MessageAccumulator accumulator = MessageAccumulator.create();
        try (com.anthropic.core.http.StreamResponse<RawMessageStreamEvent> stream = anthropic.messages().createStreaming(
                MessageCreateParams.builder().model(upstream.alias()).maxTokens(100).addUserMessage("Say hello").build())) {
            stream.stream().forEach(accumulator::accumulate);
        }
        Message message = accumulator.message();

        assertThat(message.content()).hasSize(1);
        assertThat(message.content().get(0).text().orElseThrow().text()).isEqualTo("Hello world");
        assertThat(message.stopReason()).hasValue(StopReason.END_TURN);
        assertThat(message.usage().outputTokens()).isEqualTo(upstream.completionTokens());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("upstreams")
    void anthropicSdkGetsAWholeMessage(Upstream upstream) {
        STREAMING.enqueue(upstream.whole().get());
        Message message = anthropic.messages().create(
                MessageCreateParams.builder().model(upstream.alias()).maxTokens(100).addUserMessage("Say hello").build());

        assertThat(message.content().get(0).text().orElseThrow().text()).isEqualTo("Hello whole");
        assertThat(message.stopReason()).hasValue(StopReason.END_TURN);
    }
}
