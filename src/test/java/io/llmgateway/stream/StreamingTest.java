package io.llmgateway.stream;

import static io.llmgateway.support.StreamingFake.data;
import static io.llmgateway.support.StreamingFake.done;
import static io.llmgateway.support.StreamingFake.pause;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.http.StreamResponse;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionStreamOptions;
import io.llmgateway.support.FakeProvider;
import io.llmgateway.support.GatewayTestSupport;
import io.llmgateway.support.OpenAiWire;
import io.llmgateway.support.OpenAiStreamWire;
import io.llmgateway.support.SseClient;
import io.llmgateway.support.StreamingFake.Call;
import io.llmgateway.support.StreamingFake.Cut;
import io.llmgateway.support.StreamingFake.Send;
import io.llmgateway.support.StreamingFake.SendBytes;
import io.llmgateway.support.StreamingFake.Script;
import io.llmgateway.support.StreamingFake.Step;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** "stream": true end to end: a real socket fake vendor on one side, SDKs and raw HTTP on the other. */
class StreamingTest extends GatewayTestSupport {

    private static final String ASK = """
            {"model":"stream-gpt","stream":true,"messages":[{"role":"user","content":"Say hello"}]}""";

    private OpenAIClient client;

    @BeforeEach
    void setUp() {
        STREAMING.reset();
        client = OpenAIOkHttpClient.builder().baseUrl(url("/v1")).apiKey("any-caller-key").maxRetries(0).build();
    }

    private static Script hello(Step... between) {
        List<Step> steps = new ArrayList<>();
        steps.add(data(OpenAiStreamWire.role()));
        steps.add(data(OpenAiStreamWire.text("Hello")));
        steps.addAll(List.of(between));
        steps.add(data(OpenAiStreamWire.text(" world")));
        steps.add(data(OpenAiStreamWire.finish("stop")));
        steps.add(data(OpenAiStreamWire.usage(9, 2)));
        steps.add(done());
        return new Script(200, "text/event-stream; charset=utf-8", steps);
    }

    @Test
    void openAiSdkStreamsThroughTheGatewayWithUsageWhenAsked() {
        STREAMING.enqueue(hello());
        Map<String, String> series = Map.of("door", "http", "provider", "fake-stream", "model", "stream-gpt");
        double firstChunks = metric("gen_ai_client_operation_time_to_first_chunk_seconds_count", series);
        StringBuilder text = new StringBuilder();
        List<ChatCompletionChunk> chunks = new ArrayList<>();
        try (StreamResponse<ChatCompletionChunk> stream = client.chat().completions().createStreaming(
                ChatCompletionCreateParams.builder().model("stream-gpt").addUserMessage("Say hello")
                        .streamOptions(ChatCompletionStreamOptions.builder().includeUsage(true).build()).build())) {
            stream.stream().forEach(chunk -> {
                chunks.add(chunk);
                chunk.choices().forEach(c -> c.delta().content().ifPresent(text::append));
            });
        }

        assertThat(text).hasToString("Hello world");
        assertThat(chunks.get(chunks.size() - 2).choices().get(0).finishReason())
                .hasValue(ChatCompletionChunk.Choice.FinishReason.STOP);
        assertThat(chunks.get(chunks.size() - 1).usage()).hasValueSatisfying(u -> {
            assertThat(u.promptTokens()).isEqualTo(9);
            assertThat(u.completionTokens()).isEqualTo(2);
        });
        JsonNode upstream = json(STREAMING.last().body);
        assertThat(upstream.path("stream").asBoolean()).isTrue();
        assertThat(upstream.path("model").asText()).isEqualTo("gpt-4o-mini-2024-07-18");
        assertThat(STREAMING.last().headers.get("authorization")).isEqualTo("Bearer " + FAKE_OPENAI_KEY);
        assertThat(STREAMING.last().headers.get("accept")).isEqualTo("text/event-stream");
        assertThat(metric("gen_ai_client_operation_time_to_first_chunk_seconds_count", series)).isEqualTo(firstChunks + 1);
    }

    @Test
    void usageIsAskedUpstreamButOnlyShownToCallersWhoAskedForIt() throws Exception {
        STREAMING.enqueue(hello());
        try (SseClient sse = SseClient.post(url("/v1/chat/completions"), ASK, Map.of())) {
            assertThat(sse.response.statusCode()).isEqualTo(200);
            assertThat(sse.response.headers().firstValue("content-type")).hasValueSatisfying(
                    type -> assertThat(type).startsWith("text/event-stream"));
            assertThat(sse.response.headers().firstValue("x-request-id")).isPresent();
            List<String> events = sse.rest();

            assertThat(events).last().isEqualTo("[DONE]");
            List<JsonNode> chunks = events.subList(0, events.size() - 1).stream().map(GatewayTestSupport::json).toList();
            assertThat(chunks).hasSize(4).allSatisfy(c -> {
                assertThat(c.path("object").asText()).isEqualTo("chat.completion.chunk");
                assertThat(c.has("usage")).isFalse();
            });
        }
        assertThat(json(STREAMING.last().body).path("stream_options").path("include_usage").asBoolean()).isTrue();
    }

    @Test
    void openAiChunksReachTheOpenAiDoorAsTheVendorWroteThem() throws Exception {
        // fields in the vendor's order, one the gateway does not model, a text that JSON escapes
        String odd = "{\"object\":\"chat.completion.chunk\",\"id\":\"c1\",\"created\":1738960440,"
                + "\"obfuscation\":\"x7\",\"choices\":[{\"delta\":{\"content\":\"caf\\u00e9 \\\"q\\\"\"},"
                + "\"finish_reason\":null,\"logprobs\":null,\"index\":0}],\"usage\":null}";
        STREAMING.enqueue(Script.sse(data(OpenAiStreamWire.text("Hello")), data(odd),
                data(OpenAiStreamWire.toolArgs(0, "{}")), data(OpenAiStreamWire.finish("stop")),
                data(OpenAiStreamWire.usage(9, 2)), done()));
        try (SseClient sse = SseClient.post(url("/v1/chat/completions"), ASK, Map.of())) {
            List<String> events = sse.rest();

            assertThat(events).hasSize(5).last().isEqualTo("[DONE]");
            // the same bytes, less the null usage the caller did not ask for
            assertThat(events.get(0)).isEqualTo(OpenAiStreamWire.text("Hello").replace(",\"usage\":null}", "}"));
            assertThat(events.get(1)).isEqualTo(odd.replace(",\"usage\":null}", "}"));
            assertThat(events.get(3)).isEqualTo(OpenAiStreamWire.finish("stop").replace(",\"usage\":null}", "}"));
            // a tool call delta without its type is written by the gateway, which names the type on every delta
            JsonNode call = json(events.get(2)).path("choices").path(0).path("delta").path("tool_calls").path(0);
            assertThat(call.path("type").asText()).isEqualTo("function");
            assertThat(call.path("function").path("arguments").asText()).isEqualTo("{}");
        }
    }

    @Test
    void toolCallDeltasStreamIncrementally() throws Exception {
        STREAMING.enqueue(Script.sse(data(OpenAiStreamWire.role()),
                data(OpenAiStreamWire.toolStart(0, "call_DdmO9pD3xa9XTPNJ32zg2hcA", "get_weather")),
                data(OpenAiStreamWire.toolArgs(0, "{\"")), data(OpenAiStreamWire.toolArgs(0, "location")),
                data(OpenAiStreamWire.toolArgs(0, "\":\"Paris\"}")),
                data(OpenAiStreamWire.finish("tool_calls")), done()));
        try (SseClient sse = SseClient.post(url("/v1/chat/completions"), ASK, Map.of())) {
            List<JsonNode> calls = sse.rest().stream().filter(e -> !e.equals("[DONE]")).map(GatewayTestSupport::json)
                    .map(c -> c.path("choices").path(0).path("delta").path("tool_calls").path(0))
                    .filter(JsonNode::isObject).toList();

            assertThat(calls).hasSize(4);
            assertThat(calls.get(0).path("id").asText()).isEqualTo("call_DdmO9pD3xa9XTPNJ32zg2hcA");
            assertThat(calls.get(0).path("function").path("name").asText()).isEqualTo("get_weather");
            assertThat(calls.subList(1, 4)).allSatisfy(c -> {
                assertThat(c.path("index").asInt()).isZero();
                assertThat(c.has("id")).isFalse();
            });
            assertThat(calls.stream().map(c -> c.path("function").path("arguments").asText()).collect(Collectors.joining()))
                    .isEqualTo("{\"location\":\"Paris\"}");
        }
    }

    @Test
    void theFirstChunkReachesTheClientWhileTheUpstreamIsStillThinking() throws Exception {
        // one stream first, so class loading and JIT of a fresh JVM are not what gets measured
        STREAMING.enqueue(hello());
        assertThat(streamedEvents()).last().isEqualTo("[DONE]");

        STREAMING.enqueue(hello(pause(2000)));
        try (SseClient sse = SseClient.post(url("/v1/chat/completions"), ASK, Map.of())) {
            SseClient.Data first = sse.next();
            SseClient.Data second = sse.next();
            Call call = STREAMING.last();
            long firstSent = call.sentAtNanos.get(0);
            long helloSent = call.sentAtNanos.get(1);

            assertThat(json(first.data()).path("choices").path(0).path("delta").path("role").asText()).isEqualTo("assistant");
            assertThat(Duration.ofNanos(first.arrivedAtNanos() - firstSent)).isLessThan(Duration.ofMillis(500));
            assertThat(json(second.data()).path("choices").path(0).path("delta").path("content").asText()).isEqualTo("Hello");
            assertThat(Duration.ofNanos(second.arrivedAtNanos() - helloSent)).isLessThan(Duration.ofMillis(500));
            // the rest comes 2 s later: nothing waited for the whole answer
            SseClient.Data third = sse.next();
            assertThat(Duration.ofNanos(third.arrivedAtNanos() - second.arrivedAtNanos()))
                    .isGreaterThan(Duration.ofMillis(1500));
            assertThat(sse.rest()).last().isEqualTo("[DONE]");
            System.out.printf("first chunk: client saw it %d ms after the upstream sent it%n",
                    (first.arrivedAtNanos() - firstSent) / 1_000_000);
        }
    }

    @Test
    void eventsFramedAnyWayTheStandardAllowsArriveWhole() throws Exception {
        byte[] greeting = ("data: " + OpenAiStreamWire.text("Grüße, ") + "\n\n").getBytes(StandardCharsets.UTF_8);
        int insideU = byteIndexInside(greeting, "ü");
        String[] twoLines = OpenAiStreamWire.text("wörld").split("\"choices\"");
        byte[] broken = ("data: " + OpenAiStreamWire.text("XX!") + "\n\n").getBytes(StandardCharsets.UTF_8);
        int xx = new String(broken, StandardCharsets.UTF_8).indexOf("XX");
        broken[xx] = (byte) 0xE2; // a character cut in two (first of three bytes), as some servers send
        broken[xx + 1] = (byte) '?';
        STREAMING.enqueue(Script.sse(
                new Send("data: " + OpenAiStreamWire.role() + "\r\n\r\n"), // CRLF line ends
                new Send(": keep-alive\r\r"), // a comment, CR line ends
                new SendBytes(Arrays.copyOf(greeting, insideU)), pause(30), // split inside a character
                new SendBytes(Arrays.copyOfRange(greeting, insideU, greeting.length)),
                // data on two lines (joined by \n), the CRLF between them split across two reads
                new Send("event: message\ndata: " + twoLines[0] + "\r"), pause(30),
                new Send("\ndata: \"choices\"" + twoLines[1] + "\r\n\r\n"),
                new SendBytes(broken),
                new Send("data: [DONE]\r\r")));

        List<String> events = streamedEvents();

        assertThat(events).last().isEqualTo("[DONE]");
        String text = events.subList(0, events.size() - 1).stream().map(GatewayTestSupport::json)
                .map(c -> c.path("choices").path(0).path("delta").path("content").asText()).collect(Collectors.joining());
        assertThat(text).isEqualTo("Grüße, wörld\uFFFD?!");
    }

    /** The index of the second byte of a two-byte character's first occurrence. */
    private static int byteIndexInside(byte[] utf8, String character) {
        byte first = character.getBytes(StandardCharsets.UTF_8)[0];
        for (int i = 0; i < utf8.length; i++) {
            if (utf8[i] == first) {
                return i + 1;
            }
        }
        throw new IllegalArgumentException(character);
    }

    @Test
    void anUpstreamCutAfterTheFirstBytesEndsWithAnErrorEventAndNoDone() throws Exception {
        STREAMING.enqueue(Script.sse(data(OpenAiStreamWire.role()), data(OpenAiStreamWire.text("Hel")), new Cut()));
        List<String> events = streamedEvents();

        assertThat(events).hasSize(3).doesNotContain("[DONE]");
        JsonNode error = json(events.get(2)).path("error");
        assertThat(error.path("code").asText()).isEqualTo("stream_interrupted");
        assertThat(error.path("provider").asText()).isEqualTo("fake-stream");
    }

    @Test
    void aStalledUpstreamEndsWithAnErrorEventAfterItsStallTimeout() throws Exception {
        STREAMING.enqueue(hello(pause(8000)));
        long start = System.nanoTime();
        List<String> events = streamedEvents();

        // fake-stream's stall-timeout is 3 s (gateway-fakes.yaml); the fake would stay silent for 8 s
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isBetween(Duration.ofMillis(2900), Duration.ofMillis(6000));
        assertThat(events).doesNotContain("[DONE]");
        assertThat(json(events.get(events.size() - 1)).path("error").path("code").asText()).isEqualTo("stream_stalled");
    }

    @Test
    void aMalformedEventEndsWithAnErrorEventAndNoDone() throws Exception {
        STREAMING.enqueue(Script.sse(data(OpenAiStreamWire.role()), data("{\"id\": \"chatcmpl-x\", \"choices\": [ oops"),
                data(OpenAiStreamWire.text("never")), done()));
        List<String> events = streamedEvents();

        assertThat(events).hasSize(2).doesNotContain("[DONE]");
        assertThat(json(events.get(1)).path("error").path("code").asText()).isEqualTo("invalid_provider_response");
    }

    @Test
    void chunksOfEveryShapeReachTheCallerAndAnErrorEventEndsTheStream() throws Exception {
        // a time given as a string (read by databind, not the streaming reader), then an error event
        String stringTime = OpenAiStreamWire.text("lo").replace("\"created\":1738960440", "\"created\":\"1738960440\"");
        STREAMING.enqueue(Script.sse(data(OpenAiStreamWire.role()), data(OpenAiStreamWire.text("Hel")), data(stringTime),
                data("{\"error\":{\"message\":\"The server had an error\",\"type\":\"server_error\",\"param\":null,\"code\":null}}"),
                data(OpenAiStreamWire.text("never")), done()));
        List<String> events = streamedEvents();

        assertThat(events).hasSize(4).doesNotContain("[DONE]");
        assertThat(events.subList(0, 3).stream().map(e -> json(e).path("choices").path(0).path("delta").path("content").asText())
                .collect(Collectors.joining())).isEqualTo("Hello");
        JsonNode error = json(events.get(3)).path("error");
        assertThat(error.path("type").asText()).isEqualTo("server_error");
        assertThat(error.path("message").asText()).contains("The server had an error");
    }

    @Test
    void anEventOverTheProvidersMaxEventSizeEndsWithAnErrorEvent() throws Exception {
        // fake-stream's max-event-size is 64KB (gateway-fakes.yaml); one 200 KB data line, then data lines joining past it
        STREAMING.enqueue(Script.sse(data(OpenAiStreamWire.role()), data(OpenAiStreamWire.text("x".repeat(200_000))), done()));
        List<String> events = streamedEvents();
        assertThat(events).hasSize(2).doesNotContain("[DONE]");
        assertThat(json(events.get(1)).path("error").path("code").asText()).isEqualTo("stream_event_too_large");

        String line = "data: " + "y".repeat(30_000) + "\n";
        STREAMING.enqueue(Script.sse(data(OpenAiStreamWire.role()), new Send(line + line + line + "\n"), done()));
        events = streamedEvents();
        assertThat(events).hasSize(2).doesNotContain("[DONE]");
        assertThat(json(events.get(1)).path("error").path("code").asText()).isEqualTo("stream_event_too_large");
    }

    @Test
    void theOpenAiSdkSeesACutStreamAsAnError() {
        STREAMING.enqueue(Script.sse(data(OpenAiStreamWire.role()), data(OpenAiStreamWire.text("Hel")), new Cut()));
        assertThatThrownBy(() -> {
            try (StreamResponse<ChatCompletionChunk> stream = client.chat().completions().createStreaming(
                    ChatCompletionCreateParams.builder().model("stream-gpt").addUserMessage("Say hello").build())) {
                stream.stream().forEach(chunk -> { });
            }
        }).hasMessageContaining("broke off the stream");
    }

    @Test
    void aFailureBeforeTheFirstByteIsAnOrdinaryErrorResponse() {
        STREAMING.enqueue(Script.json(429, """
                {"error":{"message":"Rate limit reached for gpt-4o-mini","type":"requests","param":null,"code":"rate_limit_exceeded"}}""")
                .withHeader("Retry-After", "7"));
        HttpResponse<String> limited = post("/v1/chat/completions", ASK);
        assertThat(limited.statusCode()).isEqualTo(429);
        // the provider's wait hint is kept, as for a whole answer: the caller is told when to come back
        assertThat(limited.headers().firstValue("Retry-After")).hasValue("7");
        assertThat(limited.headers().firstValue("content-type")).hasValue("application/json");
        assertThat(json(limited.body()).path("error").path("code").asText()).isEqualTo("rate_limit_exceeded");

        STREAMING.enqueue(Script.sse(new Cut()));
        HttpResponse<String> cut = post("/v1/chat/completions", ASK);
        assertThat(cut.statusCode()).isEqualTo(502);
        assertThat(json(cut.body()).path("error").path("provider").asText()).isEqualTo("fake-stream");
    }

    @Test
    void aClientThatHangsUpCancelsTheUpstreamRequest() throws Exception {
        List<Step> steps = new ArrayList<>();
        steps.add(data(OpenAiStreamWire.role()));
        for (int i = 0; i < 100; i++) {
            steps.add(data(OpenAiStreamWire.text("tick" + i + " ")));
            steps.add(pause(50));
        }
        steps.add(done());
        STREAMING.enqueue(new Script(200, "text/event-stream", steps));

        long hungUp = SseClient.readEventsThenHangUp(port, "/v1/chat/completions", ASK, 3);

        Call call = STREAMING.last();
        long closed = call.closedByGateway.get(5, TimeUnit.SECONDS);
        assertThat(Duration.ofNanos(closed - hungUp)).isLessThan(Duration.ofSeconds(3));
        assertThat(call.sentAtNanos.size()).isLessThan(60);
    }

    @Test
    void theMockStreamsTheSameAnswerItGivesWhole() throws Exception {
        String whole = json(post("/v1/chat/completions", """
                {"model":"mock-gpt","messages":[{"role":"user","content":"Count to three"}]}""").body())
                .path("choices").path(0).path("message").path("content").asText();
        StringBuilder streamed = new StringBuilder();
        try (StreamResponse<ChatCompletionChunk> stream = client.chat().completions().createStreaming(
                ChatCompletionCreateParams.builder().model("mock-gpt").addUserMessage("Count to three").build())) {
            stream.stream().forEach(chunk -> chunk.choices().forEach(c -> c.delta().content().ifPresent(streamed::append)));
        }
        assertThat(streamed).hasToString(whole);
    }

    @Test
    void withGatewayToolsTheLoopReadsAnswersWholeAndTheFinalAnswerStreams() throws Exception {
        OPENAI.reset(FakeProvider.Answer.json(200, OpenAiWire.completion("gpt-4o-mini-2024-07-18", "It is 42.")));
        OPENAI.enqueue(FakeProvider.Answer.json(200, """
                {"id": "chatcmpl-tools", "object": "chat.completion", "created": 1741569952, "model": "gpt-4o-mini-2024-07-18",
                 "choices": [{"index": 0, "finish_reason": "tool_calls", "logprobs": null,
                   "message": {"role": "assistant", "content": null, "tool_calls": [{"id": "call_calc", "type": "function",
                     "function": {"name": "calculator", "arguments": "{\\"expression\\":\\"6 * 7\\"}"}}]}}],
                 "usage": {"prompt_tokens": 40, "completion_tokens": 12, "total_tokens": 52}}"""));
        try (SseClient sse = SseClient.post(url("/v1/chat/completions"), """
                {"model":"tools-gpt","stream":true,"stream_options":{"include_usage":true},
                 "messages":[{"role":"user","content":"What is 6 * 7?"}]}""", Map.of())) {
            assertThat(sse.response.statusCode()).isEqualTo(200);
            List<String> events = sse.rest();
            assertThat(events).last().isEqualTo("[DONE]");
            List<JsonNode> chunks = events.subList(0, events.size() - 1).stream().map(GatewayTestSupport::json).toList();
            assertThat(chunks.stream().map(c -> c.path("choices").path(0).path("delta").path("content").asText(""))
                    .collect(Collectors.joining())).isEqualTo("It is 42.");
            assertThat(chunks.get(chunks.size() - 1).path("usage").path("prompt_tokens").asInt()).isEqualTo(40 + 19);
        }
        assertThat(OPENAI.received()).hasSize(2).allSatisfy(call -> assertThat(json(call.body()).path("stream").asBoolean(false)).isFalse());
        assertThat(json(OPENAI.received().get(1).body()).path("messages").path(2).path("content").asText()).contains("42");
    }

    private List<String> streamedEvents() throws Exception {
        try (SseClient sse = SseClient.post(url("/v1/chat/completions"), ASK, Map.of())) {
            assertThat(sse.response.statusCode()).isEqualTo(200);
            return sse.rest();
        }
    }
}
