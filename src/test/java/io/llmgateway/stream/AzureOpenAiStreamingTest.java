package io.llmgateway.stream;

import static io.llmgateway.support.AzureStreamWire.delta;
import static io.llmgateway.support.AzureStreamWire.promptFilters;
import static io.llmgateway.support.AzureStreamWire.usage;
import static io.llmgateway.support.StreamingFake.data;
import static io.llmgateway.support.StreamingFake.done;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.http.StreamResponse;
import com.openai.helpers.ChatCompletionAccumulator;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionStreamOptions;
import io.llmgateway.support.GatewayTestSupport;
import io.llmgateway.support.SseClient;
import io.llmgateway.support.StreamingFake.Call;
import io.llmgateway.support.StreamingFake.Cut;
import io.llmgateway.support.StreamingFake.Script;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** "stream": true to an Azure OpenAI deployment: its SSE, with the opening content-filter chunk Azure sends first. */
class AzureOpenAiStreamingTest extends GatewayTestSupport {

    private OpenAIClient client;

    @BeforeEach
    void setUp() {
        STREAMING.reset();
        client = OpenAIOkHttpClient.builder().baseUrl(url("/v1")).apiKey("any-caller-key").maxRetries(0).build();
    }

    @Test
    void openAiSdkStreamsFromAnAzureDeploymentWithUsage() {
        STREAMING.enqueue(Script.sse(data(promptFilters()), data(delta("{\"role\":\"assistant\",\"content\":\"\"}", "null")),
                data(delta("{\"content\":\"Hello\"}", "null")), data(delta("{\"content\":\" world\"}", "null")),
                data(delta("{}", "\"stop\"")),
                data(usage(9, 2)),
                done()));
        ChatCompletionAccumulator accumulator = ChatCompletionAccumulator.create();
        try (StreamResponse<ChatCompletionChunk> stream = client.chat().completions().createStreaming(
                ChatCompletionCreateParams.builder().model("stream-azure").addUserMessage("Say hello")
                        .streamOptions(ChatCompletionStreamOptions.builder().includeUsage(true).build()).build())) {
            stream.stream().forEach(accumulator::accumulate);
        }
        ChatCompletion answer = accumulator.chatCompletion();

        assertThat(answer.choices().get(0).message().content()).hasValue("Hello world");
        assertThat(answer.usage()).hasValueSatisfying(u -> assertThat(u.totalTokens()).isEqualTo(11));
        Call call = STREAMING.last();
        assertThat(call.requestLine).startsWith("POST /openai/deployments/prod-gpt4o/chat/completions?api-version=2024-10-21 ");
        assertThat(call.headers.get("api-key")).isEqualTo(FAKE_AZURE_KEY);
        JsonNode upstream = json(call.body);
        assertThat(upstream.path("stream").asBoolean()).isTrue();
        assertThat(upstream.path("stream_options").path("include_usage").asBoolean()).isTrue();
        assertThat(upstream.has("model")).isFalse();
    }

    @Test
    void theContentFilterChunkIsNotPassedOnAndACutIsNeverACleanEnd() throws Exception {
        STREAMING.enqueue(Script.sse(data(promptFilters()), data(delta("{\"role\":\"assistant\",\"content\":\"\"}", "null")),
                data(delta("{\"content\":\"Hel\"}", "null")), new Cut()));
        try (SseClient sse = SseClient.post(url("/v1/chat/completions"),
                "{\"model\":\"stream-azure\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}", Map.of())) {
            List<String> events = sse.rest();

            assertThat(events).hasSize(3).doesNotContain("[DONE]");
            assertThat(json(events.get(0)).path("choices").path(0).path("delta").path("role").asText()).isEqualTo("assistant");
            assertThat(json(events.get(2)).path("error").path("code").asText()).isEqualTo("stream_interrupted");
        }
    }
}
