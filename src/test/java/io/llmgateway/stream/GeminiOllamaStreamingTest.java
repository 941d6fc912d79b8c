package io.llmgateway.stream;

import static io.llmgateway.support.StreamingFake.pause;
import static org.assertj.core.api.Assertions.assertThat;

import com.anthropic.client.AnthropicClient;
import com.anthropic.client.okhttp.AnthropicOkHttpClient;
import com.anthropic.helpers.MessageAccumulator;
import com.anthropic.models.messages.Message;
import com.anthropic.models.messages.MessageCreateParams;
import com.anthropic.models.messages.RawMessageStreamEvent;
import com.anthropic.models.messages.StopReason;
import com.anthropic.models.messages.Tool;
import com.anthropic.models.messages.ToolUseBlock;
import com.fasterxml.jackson.databind.JsonNode;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.JsonValue;
import com.openai.core.http.StreamResponse;
import com.openai.helpers.ChatCompletionAccumulator;
import com.openai.models.FunctionDefinition;
import com.openai.models.FunctionParameters;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionFunctionTool;
import com.openai.models.chat.completions.ChatCompletionMessageFunctionToolCall;
import com.openai.models.chat.completions.ChatCompletionStreamOptions;
import io.llmgateway.support.GatewayTestSupport;
import io.llmgateway.support.GeminiStreamWire;
import io.llmgateway.support.GeminiWire;
import io.llmgateway.support.OllamaStreamWire;
import io.llmgateway.support.OllamaWire;
import io.llmgateway.support.SseClient;
import io.llmgateway.support.StreamingFake.Call;
import io.llmgateway.support.StreamingFake.Cut;
import io.llmgateway.support.StreamingFake.Script;
import io.llmgateway.support.StreamingFake.Step;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Gemini (streamGenerateContent?alt=sse) and Ollama (/api/chat NDJSON) streamed natively: a raw-socket
 * fake speaking each vendor's stream on one side, the OpenAI SDK and raw SSE on the other.
 */
class GeminiOllamaStreamingTest extends GatewayTestSupport {

    /** One vendor's stream, scripted in its own wire format. */
    enum Vendor {
        GEMINI("stream-gemini", "fake-stream-gemini", GeminiStreamWire.CONTENT_TYPE) {
            @Override Step text(String text) { return GeminiStreamWire.text(text); }
            @Override List<Step> finish(String lastText, int prompt, int completion) {
                return List.of(GeminiStreamWire.last(lastText, "STOP", prompt, completion));
            }
            @Override List<Step> toolCall(String name, String argsJson) {
                return List.of(GeminiStreamWire.functionCall(name, argsJson));
            }
            @Override Step midStreamError(String message) { return GeminiStreamWire.error(500, "INTERNAL", message); }
            @Override Step malformed() { return GeminiStreamWire.event("{\"candidates\": [{\"content\": oops"); }
            @Override Script refused() {
                return Script.json(429, GeminiWire.error(429, "RESOURCE_EXHAUSTED", "Resource has been exhausted (e.g. check quota)."));
            }
            @Override int refusedStatus() { return 429; }
            @Override String refusedWords() { return "Resource has been exhausted"; }
            @Override void assertStreamingRequestLine(Call call) {
                assertThat(call.requestLine).startsWith("POST /v1beta/models/gemini-2.0-flash:streamGenerateContent?alt=sse ");
            }
            @Override void assertStreamingRequest(Call call) {
                assertStreamingRequestLine(call);
                assertThat(call.headers.get("x-goog-api-key")).isEqualTo(FAKE_GEMINI_KEY);
                assertThat(call.headers.get("accept")).isEqualTo("text/event-stream");
                JsonNode body = json(call.body);
                assertThat(body.path("contents").path(0).path("parts").path(0).path("text").asText()).isEqualTo("Say hello");
                assertThat(body.has("stream")).isFalse();
            }
            @Override void assertJsonModeRequested(JsonNode body) {
                assertThat(body.path("generationConfig").path("responseMimeType").asText()).isEqualTo("application/json");
                assertThat(body.path("generationConfig").path("responseSchema").path("properties").has("city")).isTrue();
            }
        },
        OLLAMA("stream-ollama", "fake-stream-ollama", OllamaStreamWire.CONTENT_TYPE) {
            @Override Step text(String text) { return OllamaStreamWire.text(text); }
            @Override List<Step> finish(String lastText, int prompt, int completion) {
                return List.of(OllamaStreamWire.text(lastText), OllamaStreamWire.done("stop", prompt, completion));
            }
            @Override List<Step> toolCall(String name, String argsJson) {
                return List.of(OllamaStreamWire.toolCall(name, argsJson), OllamaStreamWire.done("stop", 122, 33));
            }
            @Override Step midStreamError(String message) { return OllamaStreamWire.error(message); }
            @Override Step malformed() { return OllamaStreamWire.line("{\"model\":\"llama3.2\",\"message\": oops"); }
            @Override Script refused() {
                return Script.json(404, OllamaWire.error("model 'llama3.2' not found"));
            }
            @Override int refusedStatus() { return 404; }
            @Override String refusedWords() { return "model 'llama3.2' not found"; }
            @Override void assertStreamingRequestLine(Call call) {
                assertThat(call.requestLine).startsWith("POST /api/chat ");
                assertThat(json(call.body).path("stream").asBoolean(false)).isTrue();
            }
            @Override void assertStreamingRequest(Call call) {
                assertStreamingRequestLine(call);
                JsonNode body = json(call.body);
                assertThat(body.path("model").asText()).isEqualTo("llama3.2");
                assertThat(body.path("messages").path(0).path("content").asText()).isEqualTo("Say hello");
            }
            @Override void assertJsonModeRequested(JsonNode body) {
                assertThat(body.path("stream").asBoolean(false)).isTrue();
                assertThat(body.path("format").path("properties").has("city")).isTrue();
            }
        };

        final String model;
        final String provider;
        final String contentType;

        Vendor(String model, String provider, String contentType) {
            this.model = model;
            this.provider = provider;
            this.contentType = contentType;
        }

        abstract Step text(String text);
        /** The answer's last text and the vendor's end of it, with these token counts. */
        abstract List<Step> finish(String lastText, int prompt, int completion);
        abstract List<Step> toolCall(String name, String argsJson);
        abstract Step midStreamError(String message);
        abstract Step malformed();
        abstract Script refused();
        abstract int refusedStatus();
        abstract String refusedWords();
        /** The vendor's streaming address (and, for Ollama, "stream": true). */
        abstract void assertStreamingRequestLine(Call call);
        abstract void assertStreamingRequest(Call call);
        abstract void assertJsonModeRequested(JsonNode body);

        Script script(Step... steps) {
            return new Script(200, contentType, List.of(steps));
        }

        Script script(List<Step> steps) {
            return new Script(200, contentType, steps);
        }

        /** "Hello", what the test puts between, " world", "!" and the end: 9 prompt and 3 completion tokens. */
        Script hello(Step... between) {
            List<Step> steps = new ArrayList<>();
            steps.add(text("Hello"));
            steps.addAll(List.of(between));
            steps.add(text(" world"));
            steps.addAll(finish("!", 9, 3));
            return script(steps);
        }

        String ask(String extra) {
            return "{\"model\":\"" + model + "\",\"stream\":true," + extra + "\"messages\":[{\"role\":\"user\",\"content\":\"Say hello\"}]}";
        }
    }

    @Autowired
    MeterRegistry meters;

    private OpenAIClient client;

    @BeforeEach
    void setUp() {
        STREAMING.reset();
        client = OpenAIOkHttpClient.builder().baseUrl(url("/v1")).apiKey("any-caller-key").maxRetries(0).build();
    }

    @ParameterizedTest
    @EnumSource(Vendor.class)
    void textArrivesInOrderAsSeveralChunksFromTheVendorsStream(Vendor vendor) {
        STREAMING.enqueue(vendor.hello());
        List<String> pieces = new ArrayList<>();
        List<ChatCompletionChunk> chunks = new ArrayList<>();
        try (StreamResponse<ChatCompletionChunk> stream = client.chat().completions().createStreaming(
                ChatCompletionCreateParams.builder().model(vendor.model).addUserMessage("Say hello")
                        .streamOptions(ChatCompletionStreamOptions.builder().includeUsage(true).build()).build())) {
            stream.stream().forEach(chunk -> {
                chunks.add(chunk);
                chunk.choices().forEach(c -> c.delta().content().filter(t -> !t.isEmpty()).ifPresent(pieces::add));
            });
        }

        assertThat(pieces).containsExactly("Hello", " world", "!");
        assertThat(chunks.get(0).choices().get(0).delta().role()).hasValue(ChatCompletionChunk.Choice.Delta.Role.ASSISTANT);
        assertThat(chunks.get(chunks.size() - 2).choices().get(0).finishReason())
                .hasValue(ChatCompletionChunk.Choice.FinishReason.STOP);
        assertThat(chunks.get(chunks.size() - 1).choices()).isEmpty();
        assertThat(chunks.get(chunks.size() - 1).usage()).hasValueSatisfying(u -> {
            assertThat(u.promptTokens()).isEqualTo(9);
            assertThat(u.completionTokens()).isEqualTo(3);
            assertThat(u.totalTokens()).isEqualTo(12);
        });
        assertThat(STREAMING.calls()).hasSize(1);
        vendor.assertStreamingRequest(STREAMING.last());
    }

    @ParameterizedTest
    @EnumSource(Vendor.class)
    void usageIsCountedButShownOnlyToCallersWhoAskedForIt(Vendor vendor) throws Exception {
        double before = streamTokens(vendor);
        STREAMING.enqueue(vendor.hello());
        List<String> events;
        try (SseClient sse = SseClient.post(url("/v1/chat/completions"), vendor.ask(""), Map.of())) {
            assertThat(sse.response.statusCode()).isEqualTo(200);
            assertThat(sse.response.headers().firstValue("content-type")).hasValueSatisfying(
                    type -> assertThat(type).startsWith("text/event-stream"));
            events = sse.rest();
        }

        assertThat(events).last().isEqualTo("[DONE]");
        List<JsonNode> chunks = events.subList(0, events.size() - 1).stream().map(GatewayTestSupport::json).toList();
        assertThat(chunks).isNotEmpty().allSatisfy(c -> {
            assertThat(c.path("object").asText()).isEqualTo("chat.completion.chunk");
            assertThat(c.has("usage")).isFalse();
            assertThat(c.path("choices")).hasSize(1);
        });
        // the gateway still counted the vendor's 9 + 3 tokens
        long deadline = System.nanoTime() + Duration.ofSeconds(2).toNanos();
        while (streamTokens(vendor) - before < 12 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(streamTokens(vendor) - before).isEqualTo(12);
    }

    @ParameterizedTest
    @EnumSource(Vendor.class)
    void aToolCallStreamsAsToolCallDeltasTheSdkAccumulates(Vendor vendor) {
        STREAMING.enqueue(vendor.script(vendor.toolCall("get_weather", "{\"city\": \"Paris\"}")));
        ChatCompletionFunctionTool weather = ChatCompletionFunctionTool.builder().function(FunctionDefinition.builder()
                .name("get_weather").description("Current weather in a city")
                .parameters(FunctionParameters.builder()
                        .putAdditionalProperty("type", JsonValue.from("object"))
                        .putAdditionalProperty("properties", JsonValue.from(Map.of("city", Map.of("type", "string"))))
                        .build())
                .build()).build();
        ChatCompletionAccumulator accumulator = ChatCompletionAccumulator.create();
        List<ChatCompletionChunk> toolChunks = new ArrayList<>();
        try (StreamResponse<ChatCompletionChunk> stream = client.chat().completions().createStreaming(
                ChatCompletionCreateParams.builder().model(vendor.model).addTool(weather)
                        .addUserMessage("What is the weather in Paris?").build())) {
            stream.stream().forEach(chunk -> {
                accumulator.accumulate(chunk);
                if (chunk.choices().stream().anyMatch(c -> c.delta().toolCalls().isPresent())) {
                    toolChunks.add(chunk);
                }
            });
        }
        ChatCompletion completion = accumulator.chatCompletion();

        assertThat(toolChunks).hasSize(1);
        assertThat(toolChunks.get(0).choices().get(0).delta().toolCalls().orElseThrow().get(0).index()).isZero();
        assertThat(completion.choices().get(0).finishReason()).isEqualTo(ChatCompletion.Choice.FinishReason.TOOL_CALLS);
        List<ChatCompletionMessageFunctionToolCall> calls = completion.choices().get(0).message().toolCalls().orElseThrow()
                .stream().map(c -> c.function().orElseThrow()).toList();
        assertThat(calls).hasSize(1);
        assertThat(calls.get(0).id()).startsWith("call_");
        assertThat(calls.get(0).function().name()).isEqualTo("get_weather");
        assertThat(json(calls.get(0).function().arguments())).isEqualTo(json("{\"city\":\"Paris\"}"));
    }

    @ParameterizedTest
    @EnumSource(Vendor.class)
    void aCutMidStreamEndsWithAnErrorEventAndNoDone(Vendor vendor) throws Exception {
        STREAMING.enqueue(vendor.script(vendor.text("Hel"), new Cut()));
        List<String> events = streamedEvents(vendor);

        assertThat(events).hasSize(2).doesNotContain("[DONE]");
        assertThat(json(events.get(0)).path("choices").path(0).path("delta").path("content").asText()).isEqualTo("Hel");
        JsonNode error = json(events.get(1)).path("error");
        assertThat(error.path("code").asText()).isEqualTo("stream_interrupted");
        assertThat(error.path("provider").asText()).isEqualTo(vendor.provider);
    }

    @ParameterizedTest
    @EnumSource(Vendor.class)
    void anEventOverTheProvidersMaxEventSizeEndsTheStreamWithAnError(Vendor vendor) throws Exception {
        // max-event-size is 64KB for both fakes (gateway-fakes.yaml): the reader stops there, it does not buffer 200 KB
        STREAMING.enqueue(vendor.script(vendor.text("Hel"), vendor.text("x".repeat(200_000)), vendor.text("never")));
        List<String> events = streamedEvents(vendor);

        assertThat(events).hasSize(2).doesNotContain("[DONE]");
        JsonNode error = json(events.get(1)).path("error");
        assertThat(error.path("code").asText()).isEqualTo("stream_event_too_large");
        assertThat(error.path("provider").asText()).isEqualTo(vendor.provider);
    }

    @ParameterizedTest
    @EnumSource(Vendor.class)
    void aBodyThatEndsCleanlyBeforeTheVendorSaidItFinishedIsACutToo(Vendor vendor) throws Exception {
        // neither vendor sends [DONE]: only the finishReason / the done line tells a whole answer from a cut one
        STREAMING.enqueue(vendor.script(vendor.text("Hello"), vendor.text(" wor")));
        List<String> events = streamedEvents(vendor);

        assertThat(events).hasSize(3).doesNotContain("[DONE]");
        assertThat(json(events.get(2)).path("error").path("code").asText()).isEqualTo("stream_interrupted");
    }

    @ParameterizedTest
    @EnumSource(Vendor.class)
    void anErrorTheVendorReportsMidStreamEndsTheStreamWithIt(Vendor vendor) throws Exception {
        STREAMING.enqueue(vendor.script(vendor.text("Hel"), vendor.midStreamError("the model failed to generate a response"),
                vendor.text("never")));
        List<String> events = streamedEvents(vendor);

        assertThat(events).hasSize(2).doesNotContain("[DONE]");
        JsonNode error = json(events.get(1)).path("error");
        assertThat(error.path("message").asText()).contains("the model failed to generate a response");
        assertThat(error.path("provider").asText()).isEqualTo(vendor.provider);
    }

    @ParameterizedTest
    @EnumSource(Vendor.class)
    void aMalformedEventEndsWithAnErrorEventAndNoDone(Vendor vendor) throws Exception {
        STREAMING.enqueue(vendor.hello(vendor.malformed()));
        List<String> events = streamedEvents(vendor);

        assertThat(events).hasSize(2).doesNotContain("[DONE]");
        assertThat(json(events.get(1)).path("error").path("code").asText()).isEqualTo("invalid_provider_response");
    }

    @ParameterizedTest
    @EnumSource(Vendor.class)
    void theFirstChunkReachesTheClientWhileTheUpstreamIsStillThinking(Vendor vendor) throws Exception {
        // one stream first, so class loading and JIT of a fresh JVM are not what gets measured
        STREAMING.enqueue(vendor.hello());
        assertThat(streamedEvents(vendor)).last().isEqualTo("[DONE]");

        STREAMING.enqueue(vendor.hello(pause(2000)));
        try (SseClient sse = SseClient.post(url("/v1/chat/completions"), vendor.ask(""), Map.of())) {
            SseClient.Data first = sse.next();
            long helloSent = STREAMING.last().sentAtNanos.get(0);

            assertThat(json(first.data()).path("choices").path(0).path("delta").path("content").asText()).isEqualTo("Hello");
            assertThat(Duration.ofNanos(first.arrivedAtNanos() - helloSent)).isLessThan(Duration.ofMillis(500));
            SseClient.Data second = sse.next();
            assertThat(json(second.data()).path("choices").path(0).path("delta").path("content").asText()).isEqualTo(" world");
            assertThat(Duration.ofNanos(second.arrivedAtNanos() - first.arrivedAtNanos())).isGreaterThan(Duration.ofMillis(1500));
            assertThat(sse.rest()).last().isEqualTo("[DONE]");
            System.out.printf("%s first chunk: client saw it %d ms after the upstream sent it%n",
                    vendor, (first.arrivedAtNanos() - helloSent) / 1_000_000);
        }
    }

    @ParameterizedTest
    @EnumSource(Vendor.class)
    void anErrorStatusBeforeTheFirstByteIsAnOrdinaryErrorWithTheVendorsStatus(Vendor vendor) {
        STREAMING.enqueue(vendor.refused());
        HttpResponse<String> refused = post("/v1/chat/completions", vendor.ask(""));

        assertThat(refused.statusCode()).isEqualTo(vendor.refusedStatus());
        assertThat(refused.headers().firstValue("content-type")).hasValue("application/json");
        JsonNode error = json(refused.body()).path("error");
        assertThat(error.path("provider").asText()).isEqualTo(vendor.provider);
        assertThat(error.path("message").asText()).contains(vendor.refusedWords());
    }

    @ParameterizedTest
    @EnumSource(Vendor.class)
    void structuredOutputStreamsTheJsonTheVendorWrites(Vendor vendor) throws Exception {
        STREAMING.enqueue(vendor.script(concat(List.of(vendor.text("{\\\"city\\\": "), vendor.text("\\\"Paris\\\"")),
                vendor.finish("}", 20, 6))));
        String schema = "\"response_format\":{\"type\":\"json_schema\",\"json_schema\":{\"name\":\"place\",\"strict\":true,"
                + "\"schema\":{\"type\":\"object\",\"properties\":{\"city\":{\"type\":\"string\"}},\"required\":[\"city\"],"
                + "\"additionalProperties\":false}}},";
        List<String> events;
        try (SseClient sse = SseClient.post(url("/v1/chat/completions"), vendor.ask(schema), Map.of())) {
            events = sse.rest();
        }

        assertThat(events).last().isEqualTo("[DONE]");
        String text = events.subList(0, events.size() - 1).stream().map(GatewayTestSupport::json)
                .map(c -> c.path("choices").path(0).path("delta").path("content").asText(""))
                .collect(Collectors.joining());
        assertThat(json(text)).isEqualTo(json("{\"city\":\"Paris\"}"));
        vendor.assertJsonModeRequested(json(STREAMING.last().body));
    }

    @ParameterizedTest
    @EnumSource(Vendor.class)
    void theAnthropicSdkStreamsTextAndAToolUseFromTheVendorsStream(Vendor vendor) {
        List<Step> steps = new ArrayList<>();
        steps.add(vendor.text("Let me check."));
        steps.addAll(vendor.toolCall("get_weather", "{\"location\": \"Paris\"}"));
        STREAMING.enqueue(vendor.script(steps));
        AnthropicClient anthropic = AnthropicOkHttpClient.builder().baseUrl(url("")).apiKey("any-caller-key").maxRetries(0).build();
        MessageAccumulator accumulator = MessageAccumulator.create();
        try (com.anthropic.core.http.StreamResponse<RawMessageStreamEvent> stream = anthropic.messages().createStreaming(
                MessageCreateParams.builder().model(vendor.model).maxTokens(100).addUserMessage("Weather in Paris?")
                        .addTool(Tool.builder().name("get_weather").inputSchema(Tool.InputSchema.builder()
                                .properties(com.anthropic.core.JsonValue.from(Map.of("location", Map.of("type", "string"))))
                                .build()).build()).build())) {
            stream.stream().forEach(accumulator::accumulate);
        }
        Message message = accumulator.message();

        assertThat(message.content()).hasSize(2);
        assertThat(message.content().get(0).text().orElseThrow().text()).isEqualTo("Let me check.");
        ToolUseBlock use = message.content().get(1).toolUse().orElseThrow();
        assertThat(use.name()).isEqualTo("get_weather");
        assertThat(use._input().convert(Map.class)).isEqualTo(Map.of("location", "Paris"));
        assertThat(message.stopReason()).hasValue(StopReason.TOOL_USE);
        assertThat(message.usage().outputTokens()).isPositive();
        vendor.assertStreamingRequestLine(STREAMING.last());
    }

    @ParameterizedTest
    @EnumSource(Vendor.class)
    void aClientThatHangsUpCancelsTheVendorsStream(Vendor vendor) throws Exception {
        List<Step> steps = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            steps.add(vendor.text("tick" + i + " "));
            steps.add(pause(50));
        }
        steps.addAll(vendor.finish(".", 9, 100));
        STREAMING.enqueue(vendor.script(steps));

        long hungUp = SseClient.readEventsThenHangUp(port, "/v1/chat/completions", vendor.ask(""), 3);

        Call call = STREAMING.last();
        long closed = call.closedByGateway.get(5, TimeUnit.SECONDS);
        assertThat(Duration.ofNanos(closed - hungUp)).isLessThan(Duration.ofSeconds(3));
        assertThat(call.sentAtNanos.size()).isLessThan(60);
    }

    @Test
    void severalGeminiCandidatesStreamAsTheChoicesOfTheSameIndex() throws Exception {
        String tail = "\"modelVersion\": \"gemini-2.0-flash\",\"responseId\": \"" + GeminiStreamWire.RESPONSE_ID + "\"}";
        STREAMING.enqueue(Vendor.GEMINI.script(
                GeminiStreamWire.event("{\"candidates\": [{\"content\": {\"parts\": [{\"text\": \"Red\"}],\"role\": \"model\"}},"
                        + "{\"content\": {\"parts\": [{\"text\": \"Blue\"}],\"role\": \"model\"},\"index\": 1}]," + tail),
                GeminiStreamWire.event("{\"candidates\": [{\"content\": {\"parts\": [{\"text\": \" sky\"}],\"role\": \"model\"},"
                        + "\"finishReason\": \"STOP\"}]," + tail),
                GeminiStreamWire.event("{\"candidates\": [{\"content\": {\"parts\": [{\"text\": \" sea\"}],\"role\": \"model\"},"
                        + "\"finishReason\": \"MAX_TOKENS\",\"index\": 1}],\"usageMetadata\": {\"promptTokenCount\": 5,"
                        + "\"candidatesTokenCount\": 4,\"totalTokenCount\": 9}," + tail)));
        List<String> events;
        try (SseClient sse = SseClient.post(url("/v1/chat/completions"), Vendor.GEMINI.ask("\"n\":2,"), Map.of())) {
            events = sse.rest();
        }

        assertThat(events).last().isEqualTo("[DONE]");
        List<JsonNode> choices = events.subList(0, events.size() - 1).stream().map(GatewayTestSupport::json)
                .map(c -> c.path("choices").path(0)).toList();
        Map<Integer, String> texts = choices.stream().collect(Collectors.groupingBy(c -> c.path("index").asInt(),
                Collectors.mapping(c -> c.path("delta").path("content").asText(""), Collectors.joining())));
        assertThat(texts).containsExactlyInAnyOrderEntriesOf(Map.of(0, "Red sky", 1, "Blue sea"));
        Map<Integer, String> finishes = choices.stream().filter(c -> c.hasNonNull("finish_reason"))
                .collect(Collectors.toMap(c -> c.path("index").asInt(), c -> c.path("finish_reason").asText()));
        assertThat(finishes).containsExactlyInAnyOrderEntriesOf(Map.of(0, "stop", 1, "length"));
        assertThat(json(STREAMING.last().body).path("generationConfig").path("candidateCount").asInt()).isEqualTo(2);
    }

    @Test
    void aPromptGeminiBlocksFinishesWithContentFilter() throws Exception {
        STREAMING.enqueue(Vendor.GEMINI.script(GeminiStreamWire.blocked("SAFETY")));
        List<String> events = streamedEvents(Vendor.GEMINI);

        assertThat(events).hasSize(2).last().isEqualTo("[DONE]");
        JsonNode choice = json(events.get(0)).path("choices").path(0);
        assertThat(choice.path("delta").path("role").asText()).isEqualTo("assistant");
        assertThat(choice.path("finish_reason").asText()).isEqualTo("content_filter");
    }

    @Test
    void geminiCallIdsAreDerivedFromItsResponseIdAsInTheWholeAnswer() throws Exception {
        STREAMING.enqueue(Vendor.GEMINI.script(Vendor.GEMINI.toolCall("get_weather", "{\"city\": \"Paris\"}")));
        List<String> events = streamedEvents(Vendor.GEMINI);

        JsonNode call = events.stream().filter(e -> !e.equals("[DONE]")).map(GatewayTestSupport::json)
                .map(c -> c.path("choices").path(0).path("delta").path("tool_calls").path(0))
                .filter(JsonNode::isObject).findFirst().orElseThrow();
        assertThat(call.path("id").asText()).isEqualTo("call_" + GeminiStreamWire.RESPONSE_ID + "_0");
        assertThat(json(events.get(0)).path("id").asText()).isEqualTo("chatcmpl-" + GeminiStreamWire.RESPONSE_ID);
    }

    private List<String> streamedEvents(Vendor vendor) throws Exception {
        try (SseClient sse = SseClient.post(url("/v1/chat/completions"), vendor.ask(""), Map.of())) {
            assertThat(sse.response.statusCode()).isEqualTo(200);
            return sse.rest();
        }
    }

    private double streamTokens(Vendor vendor) {
        return meters.find("gateway.stream.tokens").tag("provider", vendor.provider).counters().stream()
                .mapToDouble(Counter::count).sum();
    }

    private static List<Step> concat(List<Step> first, List<Step> second) {
        List<Step> all = new ArrayList<>(first);
        all.addAll(second);
        return all;
    }
}
