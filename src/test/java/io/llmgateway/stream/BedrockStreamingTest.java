package io.llmgateway.stream;

import static io.llmgateway.support.BedrockStreamWire.blockStop;
import static io.llmgateway.support.BedrockStreamWire.messageStart;
import static io.llmgateway.support.BedrockStreamWire.messageStop;
import static io.llmgateway.support.BedrockStreamWire.metadata;
import static io.llmgateway.support.BedrockStreamWire.text;
import static io.llmgateway.support.StreamingFake.pause;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.http.StreamResponse;
import com.openai.helpers.ChatCompletionAccumulator;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionMessageFunctionToolCall;
import com.openai.models.chat.completions.ChatCompletionStreamOptions;
import io.llmgateway.support.BedrockStreamWire;
import io.llmgateway.support.FakeProvider;
import io.llmgateway.support.GatewayTestSupport;
import io.llmgateway.support.SigV4;
import io.llmgateway.support.SseClient;
import io.llmgateway.support.StreamingFake.Call;
import io.llmgateway.support.StreamingFake.Cut;
import io.llmgateway.support.StreamingFake.Script;
import io.llmgateway.support.StreamingFake.SendBytes;
import io.llmgateway.support.StreamingFake.Step;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * kind bedrock with "stream": true: the gateway calls ConverseStream and reads its AWS event-stream
 * frames (written by the eventstream library's encoder on a raw socket) as they arrive.
 */
class BedrockStreamingTest extends GatewayTestSupport {

    private static final String MODEL_ID = "anthropic.claude-3-5-sonnet-20240620-v1:0";
    private static final String ASK = """
            {"model":"stream-bedrock","stream":true,"messages":[{"role":"user","content":"Say hello"}]}""";

    @Autowired
    private MeterRegistry meters;

    private OpenAIClient client;

    @BeforeEach
    void setUp() {
        STREAMING.reset();
        client = OpenAIOkHttpClient.builder().baseUrl(url("/v1")).apiKey("any-caller-key").maxRetries(0).build();
    }

    private static Script eventStream(Step... steps) {
        return new Script(200, BedrockStreamWire.CONTENT_TYPE, List.of(steps));
    }

    private static Script hello(Step... between) {
        List<Step> steps = new ArrayList<>(List.of(messageStart(), text(0, "Hello")));
        steps.addAll(List.of(between));
        steps.addAll(List.of(text(0, " from"), text(0, " Bedrock"), blockStop(0), messageStop("end_turn"), metadata(12, 4)));
        return eventStream(steps.toArray(Step[]::new));
    }

    @Test
    void textStreamsInOrderFromASignedConverseStreamCall() {
        STREAMING.enqueue(hello());
        List<String> pieces = new ArrayList<>();
        List<ChatCompletionChunk> chunks = new ArrayList<>();
        try (StreamResponse<ChatCompletionChunk> stream = client.chat().completions().createStreaming(
                ChatCompletionCreateParams.builder().model("stream-bedrock").addUserMessage("Say hello").build())) {
            stream.stream().forEach(chunk -> {
                chunks.add(chunk);
                chunk.choices().forEach(c -> c.delta().content().filter(t -> !t.isEmpty()).ifPresent(pieces::add));
            });
        }

        assertThat(pieces).containsExactly("Hello", " from", " Bedrock");
        assertThat(chunks.get(0).choices().get(0).delta().role()).hasValue(ChatCompletionChunk.Choice.Delta.Role.ASSISTANT);
        assertThat(chunks.get(chunks.size() - 1).choices().get(0).finishReason())
                .hasValue(ChatCompletionChunk.Choice.FinishReason.STOP);
        assertThat(chunks).allSatisfy(c -> assertThat(c.usage()).isEmpty());

        Call call = STREAMING.last();
        assertThat(call.requestLine).isEqualTo("POST /model/anthropic.claude-3-5-sonnet-20240620-v1%3A0/converse-stream HTTP/1.1");
        assertThat(call.headers.get("accept")).isEqualTo("application/vnd.amazon.eventstream");
        SigV4.assertSigned(received(call));
        JsonNode body = json(call.body);
        assertThat(body.path("messages").path(0).path("content").path(0).path("text").asText()).isEqualTo("Say hello");
        assertThat(body.has("stream")).isFalse();
    }

    @Test
    void usageReachesOnlyCallersWhoAskedButIsAlwaysCounted() throws Exception {
        double before = streamTokens("prompt");
        STREAMING.enqueue(hello());
        List<ChatCompletionChunk> chunks = new ArrayList<>();
        try (StreamResponse<ChatCompletionChunk> stream = client.chat().completions().createStreaming(
                ChatCompletionCreateParams.builder().model("stream-bedrock").addUserMessage("Say hello")
                        .streamOptions(ChatCompletionStreamOptions.builder().includeUsage(true).build()).build())) {
            stream.stream().forEach(chunks::add);
        }
        ChatCompletionChunk last = chunks.get(chunks.size() - 1);
        assertThat(last.choices()).isEmpty();
        assertThat(last.usage()).hasValueSatisfying(u -> {
            assertThat(u.promptTokens()).isEqualTo(12);
            assertThat(u.completionTokens()).isEqualTo(4);
            assertThat(u.totalTokens()).isEqualTo(16);
        });

        // without include_usage the caller sees no usage chunk, yet the tokens are counted
        STREAMING.enqueue(hello());
        List<JsonNode> events = dataEvents(streamed());
        assertThat(events).noneSatisfy(e -> assertThat(e.has("usage")).isTrue());
        awaitTrue(() -> streamTokens("prompt") - before == 24);
    }

    @Test
    void aToolCallStreamsAsDeltasTheSdkAccumulates() {
        STREAMING.enqueue(eventStream(messageStart(), text(0, "Let me look."), blockStop(0),
                BedrockStreamWire.toolStart(1, "tooluse_kZJMlvQmRJ6eAyJE5GIl7Q", "get_weather"),
                BedrockStreamWire.toolInput(1, ""), BedrockStreamWire.toolInput(1, "{\"city\": \"Pa"),
                BedrockStreamWire.toolInput(1, "ris\"}"), blockStop(1), messageStop("tool_use"), metadata(415, 56)));
        ChatCompletionAccumulator accumulator = ChatCompletionAccumulator.create();
        List<ChatCompletionChunk> withCalls = new ArrayList<>();
        try (StreamResponse<ChatCompletionChunk> stream = client.chat().completions().createStreaming(
                ChatCompletionCreateParams.builder().model("stream-bedrock").addUserMessage("Weather in Paris?").build())) {
            stream.stream().forEach(chunk -> {
                accumulator.accumulate(chunk);
                if (chunk.choices().stream().anyMatch(c -> c.delta().toolCalls().isPresent())) {
                    withCalls.add(chunk);
                }
            });
        }

        assertThat(withCalls).hasSizeGreaterThanOrEqualTo(3); // the call's head, then its arguments in pieces
        ChatCompletion completion = accumulator.chatCompletion();
        ChatCompletion.Choice choice = completion.choices().get(0);
        assertThat(choice.finishReason()).isEqualTo(ChatCompletion.Choice.FinishReason.TOOL_CALLS);
        assertThat(choice.message().content()).hasValue("Let me look.");
        ChatCompletionMessageFunctionToolCall call = choice.message().toolCalls().orElseThrow().get(0).asFunction();
        assertThat(call.id()).isEqualTo("tooluse_kZJMlvQmRJ6eAyJE5GIl7Q");
        assertThat(call.function().name()).isEqualTo("get_weather");
        assertThat(json(call.function().arguments())).isEqualTo(json("{\"city\":\"Paris\"}"));
    }

    @Test
    void theFirstChunkReachesTheClientWhileBedrockIsStillGenerating() throws Exception {
        // one stream first, so class loading and JIT of a fresh JVM are not what gets measured
        STREAMING.enqueue(hello());
        assertThat(streamed()).last().isEqualTo("[DONE]");

        STREAMING.enqueue(hello(pause(2000)));
        try (SseClient sse = SseClient.post(url("/v1/chat/completions"), ASK, Map.of())) {
            SseClient.Data role = sse.next();
            SseClient.Data hello = sse.next();
            long helloSent = STREAMING.last().sentAtNanos.get(1);

            assertThat(json(hello.data()).path("choices").path(0).path("delta").path("content").asText()).isEqualTo("Hello");
            assertThat(Duration.ofNanos(hello.arrivedAtNanos() - helloSent)).isLessThan(Duration.ofMillis(500));
            System.out.printf("bedrock stream: client saw the role chunk %d ms and the first text %d ms after the upstream sent their frames%n",
                    (role.arrivedAtNanos() - STREAMING.last().sentAtNanos.get(0)) / 1_000_000, (hello.arrivedAtNanos() - helloSent) / 1_000_000);
            SseClient.Data next = sse.next();
            assertThat(Duration.ofNanos(next.arrivedAtNanos() - hello.arrivedAtNanos())).isGreaterThan(Duration.ofMillis(1500));
            assertThat(sse.rest()).last().isEqualTo("[DONE]");
            assertThat(role).isNotNull();
        }
    }

    @Test
    void anExceptionFrameMidStreamEndsWithAnErrorEventAndNoDone() throws Exception {
        STREAMING.enqueue(eventStream(messageStart(), text(0, "Hel"),
                BedrockStreamWire.exception("modelStreamErrorException", "The model stream was interrupted. Retry your request.")));
        List<String> events = streamed();

        assertThat(events).hasSize(3).doesNotContain("[DONE]");
        JsonNode error = json(events.get(2)).path("error");
        assertThat(error.path("code").asText()).isEqualTo("modelStreamErrorException");
        assertThat(error.path("message").asText()).contains("Retry your request");
        assertThat(error.path("provider").asText()).isEqualTo("fake-stream-bedrock");
    }

    @Test
    void aCutMidStreamEvenInsideAFrameEndsWithAnErrorEventAndNoDone() throws Exception {
        byte[] frame = text(0, " world").bytes();
        STREAMING.enqueue(eventStream(messageStart(), text(0, "Hello"), new SendBytes(Arrays.copyOf(frame, frame.length / 2)), new Cut()));
        List<String> events = streamed();

        assertThat(events).hasSize(3).doesNotContain("[DONE]");
        assertThat(json(events.get(2)).path("error").path("code").asText()).isEqualTo("stream_interrupted");

        // a body that ends cleanly between frames but before messageStop was cut all the same
        STREAMING.enqueue(eventStream(messageStart(), text(0, "Hello")));
        events = streamed();
        assertThat(events).doesNotContain("[DONE]");
        assertThat(json(events.get(events.size() - 1)).path("error").path("code").asText()).isEqualTo("stream_interrupted");
    }

    @Test
    void aDamagedFrameEndsWithAnErrorEventAndNoDone() throws Exception {
        byte[] damaged = text(0, " world").bytes();
        damaged[damaged.length - 10] ^= 0x20; // one flipped bit in the payload: the message CRC no longer matches
        STREAMING.enqueue(eventStream(messageStart(), text(0, "Hello"), new SendBytes(damaged), messageStop("end_turn")));
        List<String> events = streamed();

        assertThat(events).hasSize(3).doesNotContain("[DONE]");
        assertThat(json(events.get(2)).path("error").path("code").asText()).isEqualTo("invalid_provider_response");
    }

    @Test
    void aFailureBeforeTheFirstChunkIsAnOrdinaryErrorResponse() {
        STREAMING.enqueue(Script.json(429, "{\"message\":\"Too many requests, please wait before trying again.\"}")
                .withHeader("x-amzn-ErrorType", "ThrottlingException:http://internal.amazon.com/coral/com.amazon.bedrock/"));
        HttpResponse<String> limited = post("/v1/chat/completions", ASK);
        assertThat(limited.statusCode()).isEqualTo(429);
        assertThat(limited.headers().firstValue("content-type")).hasValue("application/json");
        JsonNode error = json(limited.body()).path("error");
        assertThat(error.path("code").asText()).isEqualTo("ThrottlingException");
        assertThat(error.path("message").asText()).contains("Too many requests");

        // an exception as the stream's very first frame: nothing reached the caller yet, so still a plain error
        STREAMING.enqueue(eventStream(BedrockStreamWire.exception("throttlingException", "Too many tokens, please wait.")));
        HttpResponse<String> throttled = post("/v1/chat/completions", ASK);
        assertThat(throttled.statusCode()).isEqualTo(429);
        assertThat(json(throttled.body()).path("error").path("code").asText()).isEqualTo("throttlingException");
    }

    @Test
    void aStallLongerThanTheStallTimeoutEndsWithAnErrorEvent() throws Exception {
        STREAMING.enqueue(hello(pause(8000)));
        long start = System.nanoTime();
        List<String> events = streamed();

        // fake-stream-bedrock's stall-timeout is 3 s (gateway-fakes.yaml); the fake would stay silent for 8 s
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isBetween(Duration.ofMillis(2900), Duration.ofMillis(6000));
        assertThat(events).doesNotContain("[DONE]");
        assertThat(json(events.get(events.size() - 1)).path("error").path("code").asText()).isEqualTo("stream_stalled");
    }

    @Test
    void aClientThatHangsUpClosesTheBedrockConnection() throws Exception {
        List<Step> steps = new ArrayList<>(List.of(messageStart()));
        for (int i = 0; i < 100; i++) {
            steps.add(text(0, "tick" + i + " "));
            steps.add(pause(50));
        }
        steps.addAll(List.of(blockStop(0), messageStop("end_turn"), metadata(12, 200)));
        STREAMING.enqueue(eventStream(steps.toArray(Step[]::new)));

        try (SseClient sse = SseClient.post(url("/v1/chat/completions"), ASK, Map.of())) {
            for (int i = 0; i < 3; i++) {
                assertThat(sse.next()).isNotNull();
            }
        }
        long hungUp = System.nanoTime();

        Call call = STREAMING.last();
        long closed = call.closedByGateway.get(5, TimeUnit.SECONDS);
        assertThat(Duration.ofNanos(closed - hungUp)).isLessThan(Duration.ofSeconds(3));
        assertThat(call.sentAtNanos.size()).isLessThan(60);
    }

    private List<String> streamed() throws Exception {
        try (SseClient sse = SseClient.post(url("/v1/chat/completions"), ASK, Map.of())) {
            assertThat(sse.response.statusCode()).isEqualTo(200);
            return sse.rest();
        }
    }

    private static List<JsonNode> dataEvents(List<String> events) {
        assertThat(events).last().isEqualTo("[DONE]");
        return events.subList(0, events.size() - 1).stream().map(GatewayTestSupport::json).collect(Collectors.toList());
    }

    private double streamTokens(String type) {
        var counter = meters.find("gateway.stream.tokens").tag("provider", "fake-stream-bedrock").tag("type", type).counter();
        return counter == null ? 0 : counter.count();
    }

    private static void awaitTrue(java.util.function.BooleanSupplier condition) {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("condition within 5 s").isLessThan(deadline);
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    /** What the fake saw, in the shape the SigV4 check reads (it re-signs method, raw path, Host and body). */
    private static FakeProvider.Received received(Call call) {
        String[] line = call.requestLine.split(" ");
        Map<String, List<String>> headers = call.headers.entrySet().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, e -> List.of(e.getValue())));
        String path = line[1].contains("?") ? line[1].substring(0, line[1].indexOf('?')) : line[1];
        return new FakeProvider.Received(line[0], path, null, headers, call.body, path);
    }
}
