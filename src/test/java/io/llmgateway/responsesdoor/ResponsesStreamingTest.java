package io.llmgateway.responsesdoor;

import static io.llmgateway.support.AnthropicStreamWire.blockStop;
import static io.llmgateway.support.AnthropicStreamWire.messageDelta;
import static io.llmgateway.support.AnthropicStreamWire.messageStart;
import static io.llmgateway.support.AnthropicStreamWire.messageStop;
import static io.llmgateway.support.AnthropicStreamWire.text;
import static io.llmgateway.support.AnthropicStreamWire.textStart;
import static io.llmgateway.support.StreamingFake.data;
import static io.llmgateway.support.StreamingFake.done;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.http.StreamResponse;
import com.openai.helpers.ResponseAccumulator;
import com.openai.models.responses.Response;
import com.openai.models.responses.ResponseCreateParams;
import com.openai.models.responses.ResponseFunctionToolCall;
import com.openai.models.responses.ResponseStatus;
import com.openai.models.responses.ResponseStreamEvent;
import io.llmgateway.support.GatewayTestSupport;
import io.llmgateway.support.OpenAiStreamWire;
import io.llmgateway.support.SseClient;
import io.llmgateway.support.StreamingFake.Cut;
import io.llmgateway.support.StreamingFake.Script;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** "stream": true on /v1/responses: the typed event stream, read by the official SDK and its accumulator. */
class ResponsesStreamingTest extends GatewayTestSupport {

    /** The events of a streamed answer in one message whose text came in two pieces. */
    static final List<String> TWO_DELTAS = List.of("response.created", "response.in_progress",
            "response.output_item.added", "response.content_part.added", "response.output_text.delta",
            "response.output_text.delta", "response.output_text.done", "response.content_part.done",
            "response.output_item.done", "response.completed");

    private OpenAIClient client;

    @BeforeEach
    void setUp() {
        STREAMING.reset();
        client = client(url("/v1"));
    }

    /** The official SDK on the gateway, checking every event it reads against its types. */
    static OpenAIClient client(String baseUrl) {
        return OpenAIOkHttpClient.builder().baseUrl(baseUrl).apiKey("stream-caller").maxRetries(0)
                .responseValidation(true).build();
    }

    /** Every event, accumulated by the SDK's own helper; the types in order. */
    private List<String> stream(ResponseCreateParams params, ResponseAccumulator accumulator) {
        return stream(client, params, accumulator);
    }

    /** Every event of the SDK's streamed call, accumulated by its own helper; the types in order, numbered 0, 1, 2, ... */
    static List<String> stream(OpenAIClient client, ResponseCreateParams params, ResponseAccumulator accumulator) {
        List<String> types = new ArrayList<>();
        List<Long> sequence = new ArrayList<>();
        try (StreamResponse<ResponseStreamEvent> stream = client.responses().createStreaming(params)) {
            stream.stream().forEach(event -> {
                accumulator.accumulate(event);
                JsonNode raw = json(com.openai.core.ObjectMappers.jsonMapper().valueToTree(event).toString());
                types.add(raw.path("type").asText());
                sequence.add(raw.path("sequence_number").asLong());
            });
        }
        assertThat(sequence).as("sequence_number counts 0, 1, 2, ...")
                .isEqualTo(java.util.stream.LongStream.range(0, sequence.size()).boxed().toList());
        return types;
    }

    @Test
    void streamsTextFromAnOpenAiProvider() {
        STREAMING.enqueue(Script.sse(data(OpenAiStreamWire.role()), data(OpenAiStreamWire.text("Hello")),
                data(OpenAiStreamWire.text(" world")), data(OpenAiStreamWire.finish("stop")),
                data(OpenAiStreamWire.usage(9, 2)), done()));
        ResponseAccumulator accumulator = ResponseAccumulator.createWithSnapshots();

        List<String> types = stream(ResponseCreateParams.builder().model("stream-gpt").input("Say hello").build(),
                accumulator);

        assertThat(types).isEqualTo(TWO_DELTAS);
        Response response = accumulator.response();
        assertThat(response.status()).hasValue(ResponseStatus.COMPLETED);
        assertThat(ResponsesApiTest.outputText(response)).isEqualTo("Hello world");
        assertThat(ResponsesApiTest.outputText(accumulator.reconstructedResponse())).isEqualTo("Hello world");
        assertThat(response.usage().orElseThrow().inputTokens()).isEqualTo(9);
        assertThat(response.usage().orElseThrow().outputTokens()).isEqualTo(2);
        assertThat(json(STREAMING.last().body).path("stream_options").path("include_usage").asBoolean()).isTrue();
        // a streamed response is stored too, and continues like any other
        assertThat(ResponsesApiTest.outputText(client.responses().retrieve(response.id()))).isEqualTo("Hello world");
    }

    @Test
    void streamsTextFromAnAnthropicProvider() {
        STREAMING.enqueue(Script.sse(messageStart("claude-sonnet-4-5-20250929", 25, 0), textStart(0), text(0, "Bonjour"),
                text(0, " Paris"), blockStop(0), messageDelta("end_turn", 4), messageStop()));
        ResponseAccumulator accumulator = ResponseAccumulator.createWithSnapshots();

        List<String> types = stream(ResponseCreateParams.builder().model("stream-claude").input("Greet Paris")
                .maxOutputTokens(50).build(), accumulator);

        assertThat(types).first().isEqualTo("response.created");
        assertThat(types).last().isEqualTo("response.completed");
        Response response = accumulator.response();
        assertThat(ResponsesApiTest.outputText(response)).isEqualTo("Bonjour Paris");
        assertThat(response.usage().orElseThrow().inputTokens()).isEqualTo(25);
        assertThat(response.usage().orElseThrow().outputTokens()).isEqualTo(4);
        assertThat(response.model().asString()).isEqualTo("stream-claude");
        assertThat(STREAMING.last().requestLine).contains("/v1/messages");
    }

    @Test
    void streamedToolCallsAreFunctionCallItems() {
        STREAMING.enqueue(Script.sse(data(OpenAiStreamWire.role()),
                data(OpenAiStreamWire.toolStart(0, "call_DdmO9pD3xa9XTPNJ32zg2hcA", "get_weather")),
                data(OpenAiStreamWire.toolArgs(0, "{\"loc")), data(OpenAiStreamWire.toolArgs(0, "ation\":\"Paris\"}")),
                data(OpenAiStreamWire.finish("tool_calls")), data(OpenAiStreamWire.usage(30, 12)), done()));
        ResponseAccumulator accumulator = ResponseAccumulator.createWithSnapshots();

        List<String> types = stream(ResponseCreateParams.builder().model("stream-gpt").input("Weather in Paris?")
                .addTool(com.openai.models.responses.FunctionTool.builder().name("get_weather")
                        .parameters(com.openai.models.responses.FunctionTool.Parameters.builder()
                                .putAdditionalProperty("type", com.openai.core.JsonValue.from("object")).build())
                        .strict(false).build()).build(), accumulator);

        assertThat(types).containsExactly("response.created", "response.in_progress", "response.output_item.added",
                "response.function_call_arguments.delta", "response.function_call_arguments.delta",
                "response.function_call_arguments.done", "response.output_item.done", "response.completed");
        ResponseFunctionToolCall call = accumulator.response().output().get(0).functionCall().orElseThrow();
        assertThat(call.callId()).isEqualTo("call_DdmO9pD3xa9XTPNJ32zg2hcA");
        assertThat(call.name()).isEqualTo("get_weather");
        assertThat(call.arguments()).isEqualTo("{\"location\":\"Paris\"}");
        assertThat(accumulator.reconstructedResponse().output().get(0).functionCall().orElseThrow().arguments())
                .isEqualTo("{\"location\":\"Paris\"}");
    }

    @Test
    void aStreamCutMidwayEndsWithResponseFailedNeverCompleted() throws Exception {
        STREAMING.enqueue(Script.sse(data(OpenAiStreamWire.role()), data(OpenAiStreamWire.text("Hel")), new Cut()));
        try (SseClient sse = SseClient.post(url("/v1/responses"),
                "{\"model\": \"stream-gpt\", \"stream\": true, \"input\": \"Hi\"}", Map.of())) {
            List<String> lines = sse.lines();
            List<String> events = lines.stream().filter(l -> l.startsWith("event: ")).map(l -> l.substring(7)).toList();

            assertThat(events).containsExactly("response.created", "response.in_progress", "response.output_item.added",
                    "response.content_part.added", "response.output_text.delta", "response.failed", "error");
            List<JsonNode> data = lines.stream().filter(l -> l.startsWith("data: ")).map(l -> json(l.substring(6))).toList();
            JsonNode failed = data.get(data.size() - 2);
            assertThat(failed.path("response").path("status").asText()).isEqualTo("failed");
            assertThat(failed.path("response").path("error").path("code").asText()).isEqualTo("server_error");
            assertThat(data.get(data.size() - 1).path("code").asText()).isEqualTo("stream_interrupted");
        }

        // the SDK reads it as response.failed and then an error event, never a response.completed
        STREAMING.enqueue(Script.sse(data(OpenAiStreamWire.role()), data(OpenAiStreamWire.text("Hel")), new Cut()));
        assertThat(outcomes(client, "stream-gpt")).endsWith("failed", "error").doesNotContain("completed");
    }

    /** The SDK's streamed call to this model alias, each event read as failed, completed, error or other. */
    static List<String> outcomes(OpenAIClient client, String model) {
        List<String> seen = new ArrayList<>();
        try (StreamResponse<ResponseStreamEvent> stream = client.responses().createStreaming(
                ResponseCreateParams.builder().model(model).input("Hi").build())) {
            stream.stream().forEach(event -> seen.add(event.isFailed() ? "failed" : event.isCompleted() ? "completed"
                    : event.isError() ? "error" : "other"));
        }
        return seen;
    }
}
