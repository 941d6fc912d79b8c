package io.llmgateway.anthropicdoor;

import static io.llmgateway.support.StreamingFake.data;
import static io.llmgateway.support.StreamingFake.done;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.anthropic.client.AnthropicClient;
import com.anthropic.client.okhttp.AnthropicOkHttpClient;
import com.anthropic.core.JsonValue;
import com.anthropic.core.http.StreamResponse;
import com.anthropic.errors.NotFoundException;
import com.anthropic.helpers.MessageAccumulator;
import com.anthropic.models.messages.Message;
import com.anthropic.models.messages.MessageCreateParams;
import com.anthropic.models.messages.RawMessageStreamEvent;
import com.anthropic.models.messages.StopReason;
import com.anthropic.models.messages.Tool;
import com.anthropic.models.messages.ToolUseBlock;
import com.fasterxml.jackson.databind.JsonNode;
import io.llmgateway.support.FakeProvider.Answer;
import io.llmgateway.support.GatewayTestSupport;
import io.llmgateway.support.OpenAiStreamWire;
import io.llmgateway.support.OpenAiWire;
import io.llmgateway.support.SseClient;
import io.llmgateway.support.StreamingFake.Cut;
import io.llmgateway.support.StreamingFake.Script;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The official Anthropic Java SDK against POST /v1/messages, with OpenAI-kind providers behind it. */
class AnthropicDoorTest extends GatewayTestSupport {

    private AnthropicClient client;

    @BeforeEach
    void setUp() {
        OPENAI.reset(Answer.json(200, OpenAiWire.completion("gpt-4o-mini-2024-07-18", "Hello from fake OpenAI")));
        STREAMING.reset();
        client = AnthropicOkHttpClient.builder().baseUrl(url("")).apiKey("any-caller-key").maxRetries(0).build();
    }

    @Test
    void anthropicSdkGetsAMessageFromAnOpenAiProvider() {
        Message message = client.messages().create(MessageCreateParams.builder().model("gpt-4o-mini").maxTokens(200)
                .system("You are terse.").addUserMessage("Hi").addStopSequence("END").build());

        assertThat(message.content()).hasSize(1);
        assertThat(message.content().get(0).text().orElseThrow().text()).isEqualTo("Hello from fake OpenAI");
        assertThat(message.stopReason()).hasValue(StopReason.END_TURN);
        assertThat(message.usage().inputTokens()).isEqualTo(19);
        assertThat(message.usage().outputTokens()).isEqualTo(10);
        JsonNode upstream = json(OPENAI.last().body());
        assertThat(upstream.path("messages").path(0).path("role").asText()).isEqualTo("system");
        assertThat(upstream.path("messages").path(0).path("content").asText()).isEqualTo("You are terse.");
        assertThat(upstream.path("max_tokens").asInt()).isEqualTo(200);
        assertThat(upstream.path("stop").path(0).asText()).isEqualTo("END");
    }

    @Test
    void anthropicSdkStreamsFromAnOpenAiStreamingProvider() {
        STREAMING.enqueue(Script.sse(data(OpenAiStreamWire.role()), data(OpenAiStreamWire.text("Hello")),
                data(OpenAiStreamWire.text(" world")), data(OpenAiStreamWire.finish("stop")),
                data(OpenAiStreamWire.usage(9, 2)), done()));
        MessageAccumulator accumulator = MessageAccumulator.create();
        try (StreamResponse<RawMessageStreamEvent> stream = client.messages().createStreaming(
                MessageCreateParams.builder().model("stream-gpt").maxTokens(100).addUserMessage("Say hello").build())) {
            stream.stream().forEach(accumulator::accumulate);
        }
        Message message = accumulator.message();

        assertThat(message.content().get(0).text().orElseThrow().text()).isEqualTo("Hello world");
        assertThat(message.stopReason()).hasValue(StopReason.END_TURN);
        assertThat(message.usage().outputTokens()).isEqualTo(2);
        assertThat(message.model().asString()).isEqualTo("stream-gpt");
    }

    @Test
    void toolCallsStreamAsToolUseBlocksWithInputJsonDeltas() {
        STREAMING.enqueue(Script.sse(data(OpenAiStreamWire.role()),
                data(OpenAiStreamWire.toolStart(0, "call_DdmO9pD3xa9XTPNJ32zg2hcA", "get_weather")),
                data(OpenAiStreamWire.toolArgs(0, "{\"loc")), data(OpenAiStreamWire.toolArgs(0, "ation\":\"Paris\"}")),
                data(OpenAiStreamWire.finish("tool_calls")), data(OpenAiStreamWire.usage(30, 12)), done()));
        MessageAccumulator accumulator = MessageAccumulator.create();
        try (StreamResponse<RawMessageStreamEvent> stream = client.messages().createStreaming(
                MessageCreateParams.builder().model("stream-gpt").maxTokens(100).addUserMessage("Weather in Paris?")
                        .addTool(Tool.builder().name("get_weather").inputSchema(Tool.InputSchema.builder()
                                .properties(JsonValue.from(Map.of("location", Map.of("type", "string"))))
                                .required(List.of("location")).build()).build()).build())) {
            stream.stream().forEach(accumulator::accumulate);
        }
        Message message = accumulator.message();

        ToolUseBlock use = message.content().get(0).toolUse().orElseThrow();
        assertThat(use.id()).isEqualTo("call_DdmO9pD3xa9XTPNJ32zg2hcA");
        assertThat(use.name()).isEqualTo("get_weather");
        assertThat(use._input().convert(Map.class)).isEqualTo(Map.of("location", "Paris"));
        assertThat(message.stopReason()).hasValue(StopReason.TOOL_USE);
        JsonNode upstream = json(STREAMING.last().body);
        assertThat(upstream.path("tools").path(0).path("function").path("name").asText()).isEqualTo("get_weather");
        assertThat(upstream.path("tools").path(0).path("function").path("parameters").path("required").path(0).asText())
                .isEqualTo("location");
    }

    @Test
    void toolResultsAndImagesReachTheProviderInTheCanonicalShape() {
        HttpResponse<String> response = post("/v1/messages", """
                {"model": "gpt-4o-mini", "max_tokens": 100,
                 "tools": [{"name": "get_weather", "input_schema": {"type": "object"}}],
                 "tool_choice": {"type": "any", "disable_parallel_tool_use": true},
                 "messages": [
                   {"role": "user", "content": [
                     {"type": "text", "text": "What is in this picture, and the weather?"},
                     {"type": "image", "source": {"type": "base64", "media_type": "image/png", "data": "iVBORw0KGgo="}}]},
                   {"role": "assistant", "content": [
                     {"type": "text", "text": "Let me check."},
                     {"type": "tool_use", "id": "toolu_01A09q90qw90lq917835lq9", "name": "get_weather", "input": {"location": "Paris"}}]},
                   {"role": "user", "content": [
                     {"type": "tool_result", "tool_use_id": "toolu_01A09q90qw90lq917835lq9", "content": "15 degrees"},
                     {"type": "text", "text": "Thanks"}]}]}""", Map.of("x-api-key", "caller-key"));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(json(response.body()).path("type").asText()).isEqualTo("message");
        JsonNode upstream = json(OPENAI.last().body());
        JsonNode messages = upstream.path("messages");
        assertThat(messages.path(0).path("content").path(1).path("image_url").path("url").asText())
                .isEqualTo("data:image/png;base64,iVBORw0KGgo=");
        assertThat(messages.path(1).path("tool_calls").path(0).path("function").path("arguments").asText())
                .isEqualTo("{\"location\":\"Paris\"}");
        assertThat(messages.path(2).path("role").asText()).isEqualTo("tool");
        assertThat(messages.path(2).path("tool_call_id").asText()).isEqualTo("toolu_01A09q90qw90lq917835lq9");
        assertThat(messages.path(2).path("content").asText()).isEqualTo("15 degrees");
        assertThat(messages.path(3).path("content").asText()).isEqualTo("Thanks");
        assertThat(upstream.path("tool_choice").asText()).isEqualTo("required");
        assertThat(upstream.path("parallel_tool_calls").asBoolean(true)).isFalse();
        assertThat(OPENAI.last().header("x-api-key")).isNull();
    }

    @Test
    void errorsComeBackInAnthropicsShape() {
        assertThatThrownBy(() -> client.messages().create(MessageCreateParams.builder().model("no-such-model")
                .maxTokens(10).addUserMessage("Hi").build()))
                .isInstanceOf(NotFoundException.class).hasMessageContaining("no-such-model");

        HttpResponse<String> missing = post("/v1/messages", """
                {"model": "gpt-4o-mini", "messages": [{"role": "user", "content": "Hi"}]}""",
                Map.of("Authorization", "Bearer caller-key"));
        assertThat(missing.statusCode()).isEqualTo(400);
        JsonNode error = json(missing.body());
        assertThat(error.path("type").asText()).isEqualTo("error");
        assertThat(error.path("error").path("type").asText()).isEqualTo("invalid_request_error");
        assertThat(error.path("error").path("message").asText()).contains("max_tokens");
        assertThat(missing.headers().firstValue("request-id")).isPresent();
    }

    @Test
    void aStreamCutMidwayEndsWithAnErrorEventNotMessageStop() throws Exception {
        STREAMING.enqueue(Script.sse(data(OpenAiStreamWire.role()), data(OpenAiStreamWire.text("Hel")), new Cut()));
        try (SseClient sse = SseClient.post(url("/v1/messages"), """
                {"model": "stream-gpt", "max_tokens": 50, "stream": true, "messages": [{"role": "user", "content": "Hi"}]}""",
                Map.of("x-api-key", "caller-key"))) {
            List<String> lines = sse.lines();
            List<String> events = lines.stream().filter(l -> l.startsWith("event: ")).map(l -> l.substring(7)).toList();

            assertThat(events).containsExactly("message_start", "ping", "content_block_start", "content_block_delta", "error");
            String last = lines.stream().filter(l -> l.startsWith("data: ")).reduce((a, b) -> b).orElseThrow();
            assertThat(json(last.substring(6)).path("error").path("type").asText()).isEqualTo("api_error");
        }
    }
}
