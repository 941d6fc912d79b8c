package io.llmgateway.stream;

import static io.llmgateway.support.AnthropicStreamWire.blockStop;
import static io.llmgateway.support.AnthropicStreamWire.inputJson;
import static io.llmgateway.support.AnthropicStreamWire.messageDelta;
import static io.llmgateway.support.AnthropicStreamWire.messageStart;
import static io.llmgateway.support.AnthropicStreamWire.messageStop;
import static io.llmgateway.support.AnthropicStreamWire.ping;
import static io.llmgateway.support.AnthropicStreamWire.text;
import static io.llmgateway.support.AnthropicStreamWire.textStart;
import static io.llmgateway.support.AnthropicStreamWire.toolStart;
import static io.llmgateway.support.StreamingFake.pause;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.helpers.ChatCompletionAccumulator;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionStreamOptions;
import io.llmgateway.support.AnthropicStreamWire;
import io.llmgateway.support.AnthropicWire;
import io.llmgateway.support.GatewayTestSupport;
import io.llmgateway.support.SseClient;
import io.llmgateway.support.StreamingFake.Call;
import io.llmgateway.support.StreamingFake.Cut;
import io.llmgateway.support.StreamingFake.Script;
import io.llmgateway.support.StreamingFake.Step;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * "stream": true to an Anthropic-kind provider: the raw-socket fake speaks Anthropic's event
 * stream (the Anthropic SDK against such a provider is in SdkStreamingMatrixTest).
 */
class AnthropicStreamingTest extends GatewayTestSupport {

    private static final String MODEL = "claude-sonnet-4-5-20250929";
    private static final String ASK = """
            {"model":"stream-claude","stream":true,"messages":[{"role":"user","content":"Say hello"}]}""";

    private OpenAIClient openAi;

    @BeforeEach
    void setUp() {
        STREAMING.reset();
        openAi = OpenAIOkHttpClient.builder().baseUrl(url("/v1")).apiKey("any-caller-key").maxRetries(0).build();
    }

    private static Script hello(Step... between) {
        List<Step> steps = new ArrayList<>(List.of(messageStart(MODEL, 25, 5), textStart(0), ping(), text(0, "Hello")));
        steps.addAll(List.of(between));
        steps.addAll(List.of(text(0, " world"), blockStop(0), messageDelta("end_turn", 15), messageStop()));
        return new Script(200, "text/event-stream; charset=utf-8", steps);
    }

    @Test
    void openAiSdkStreamsAnAnthropicAnswerWithItsUsage() {
        STREAMING.enqueue(hello());
        ChatCompletionAccumulator accumulator = ChatCompletionAccumulator.create();
        List<ChatCompletionChunk> chunks = new ArrayList<>();
        try (com.openai.core.http.StreamResponse<ChatCompletionChunk> stream = openAi.chat().completions().createStreaming(
                ChatCompletionCreateParams.builder().model("stream-claude").addUserMessage("Say hello")
                        .streamOptions(ChatCompletionStreamOptions.builder().includeUsage(true).build()).build())) {
            stream.stream().forEach(chunk -> {
                chunks.add(chunk);
                accumulator.accumulate(chunk);
            });
        }
        ChatCompletion answer = accumulator.chatCompletion();

        assertThat(answer.choices().get(0).message().content()).hasValue("Hello world");
        assertThat(answer.choices().get(0).finishReason()).isEqualTo(ChatCompletion.Choice.FinishReason.STOP);
        assertThat(chunks.size()).isGreaterThanOrEqualTo(4); // role, two text deltas, finish, usage: not one lump
        // Anthropic's input_tokens leaves out cache reads; OpenAI's prompt_tokens counts them
        assertThat(answer.usage()).hasValueSatisfying(usage -> {
            assertThat(usage.promptTokens()).isEqualTo(30);
            assertThat(usage.completionTokens()).isEqualTo(15);
        });
        Call call = STREAMING.last();
        assertThat(call.requestLine).startsWith("POST /v1/messages ");
        assertThat(call.headers.get("x-api-key")).isEqualTo(FAKE_ANTHROPIC_KEY);
        JsonNode upstream = json(call.body);
        assertThat(upstream.path("stream").asBoolean()).isTrue();
        assertThat(upstream.path("model").asText()).isEqualTo(MODEL);
    }

    @Test
    void toolUseStreamsAsToolCallDeltasWithArgumentFragments() throws Exception {
        STREAMING.enqueue(Script.sse(messageStart(MODEL, 472, 0), textStart(0), text(0, "Checking."), blockStop(0),
                toolStart(1, "toolu_01T1x1fJ34qAmk2tNTrN7Up6", "get_weather"), inputJson(1, ""),
                inputJson(1, "{\"location\": \"Par"), inputJson(1, "is\"}"), blockStop(1),
                messageDelta("tool_use", 89), messageStop()));
        try (SseClient sse = SseClient.post(url("/v1/chat/completions"), ASK, Map.of())) {
            List<String> events = sse.rest();
            assertThat(events).last().isEqualTo("[DONE]");
            List<JsonNode> deltas = events.subList(0, events.size() - 1).stream().map(GatewayTestSupport::json)
                    .map(c -> c.path("choices").path(0)).toList();
            List<JsonNode> calls = deltas.stream().map(c -> c.path("delta").path("tool_calls").path(0))
                    .filter(JsonNode::isObject).toList();

            assertThat(calls).hasSize(3);
            assertThat(calls.get(0).path("id").asText()).isEqualTo("toolu_01T1x1fJ34qAmk2tNTrN7Up6");
            assertThat(calls.get(0).path("function").path("name").asText()).isEqualTo("get_weather");
            assertThat(calls).allSatisfy(c -> assertThat(c.path("index").asInt()).isZero());
            assertThat(calls.subList(1, 3)).allSatisfy(c -> assertThat(c.has("id")).isFalse());
            assertThat(calls.stream().map(c -> c.path("function").path("arguments").asText()).collect(Collectors.joining()))
                    .isEqualTo("{\"location\": \"Paris\"}");
            assertThat(deltas.get(deltas.size() - 1).path("finish_reason").asText()).isEqualTo("tool_calls");
        }
    }

    @Test
    void theFirstChunkReachesTheClientWhileClaudeIsStillWriting() throws Exception {
        STREAMING.enqueue(hello()); // warm-up: class loading is not what gets measured
        try (SseClient sse = SseClient.post(url("/v1/chat/completions"), ASK, Map.of())) {
            assertThat(sse.rest()).last().isEqualTo("[DONE]");
        }

        STREAMING.enqueue(hello(pause(2000)));
        try (SseClient sse = SseClient.post(url("/v1/chat/completions"), ASK, Map.of())) {
            SseClient.Data role = sse.next();
            SseClient.Data hello = sse.next();
            long helloSent = STREAMING.last().sentAtNanos.get(3);

            assertThat(json(hello.data()).path("choices").path(0).path("delta").path("content").asText()).isEqualTo("Hello");
            assertThat(Duration.ofNanos(hello.arrivedAtNanos() - helloSent)).isLessThan(Duration.ofMillis(500));
            SseClient.Data world = sse.next();
            assertThat(Duration.ofNanos(world.arrivedAtNanos() - hello.arrivedAtNanos())).isGreaterThan(Duration.ofMillis(1500));
            assertThat(role.arrivedAtNanos()).isLessThan(hello.arrivedAtNanos() + 1);
        }
    }

    @Test
    void anOverloadedErrorEventMidStreamEndsWithAnErrorEventAndNoDone() throws Exception {
        STREAMING.enqueue(Script.sse(messageStart(MODEL, 25, 0), textStart(0), text(0, "Hel"),
                AnthropicStreamWire.error("overloaded_error", "Overloaded")));
        List<String> events = streamed();

        assertThat(events).doesNotContain("[DONE]");
        assertThat(json(events.get(1)).path("choices").path(0).path("delta").path("content").asText()).isEqualTo("Hel");
        JsonNode error = json(events.get(events.size() - 1)).path("error");
        assertThat(error.path("code").asText()).isEqualTo("overloaded_error");
        assertThat(error.path("provider").asText()).isEqualTo("fake-stream-anthropic");
    }

    @Test
    void aStreamCutBeforeMessageStopIsNeverACleanEnd() throws Exception {
        // everything but message_stop: the answer looks complete, yet Anthropic never said it finished
        STREAMING.enqueue(Script.sse(messageStart(MODEL, 25, 0), textStart(0), text(0, "Hello"), blockStop(0),
                messageDelta("end_turn", 2), new Cut()));
        List<String> events = streamed();

        assertThat(events).doesNotContain("[DONE]");
        assertThat(json(events.get(events.size() - 1)).path("error").path("code").asText()).isEqualTo("stream_interrupted");
    }

    @Test
    void aMalformedEventEndsWithAnErrorEvent() throws Exception {
        STREAMING.enqueue(Script.sse(messageStart(MODEL, 25, 0), textStart(0), text(0, "Hel"),
                AnthropicStreamWire.event("content_block_delta", "{\"type\":\"content_block_delta\",\"index\":0,"), messageStop()));
        List<String> events = streamed();

        assertThat(events).doesNotContain("[DONE]");
        assertThat(json(events.get(events.size() - 1)).path("error").path("code").asText()).isEqualTo("invalid_provider_response");
    }

    @Test
    void anErrorBeforeTheFirstByteKeepsAnthropicsStatusAndRetryHint() {
        STREAMING.enqueue(Script.json(529, AnthropicWire.error("overloaded_error", "Overloaded")));
        HttpResponse<String> overloaded = post("/v1/chat/completions", ASK);

        assertThat(overloaded.statusCode()).isEqualTo(529);
        assertThat(overloaded.headers().firstValue("content-type")).hasValue("application/json");
        JsonNode error = json(overloaded.body()).path("error");
        assertThat(error.path("type").asText()).isEqualTo("overloaded_error");
        assertThat(error.path("provider").asText()).isEqualTo("fake-stream-anthropic");
    }

    private List<String> streamed() throws Exception {
        try (SseClient sse = SseClient.post(url("/v1/chat/completions"), ASK, Map.of())) {
            assertThat(sse.response.statusCode()).isEqualTo(200);
            return sse.rest();
        }
    }
}
