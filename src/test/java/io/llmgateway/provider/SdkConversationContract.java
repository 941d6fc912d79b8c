package io.llmgateway.provider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.JsonValue;
import com.openai.errors.OpenAIServiceException;
import com.openai.models.FunctionDefinition;
import com.openai.models.FunctionParameters;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionContentPart;
import com.openai.models.chat.completions.ChatCompletionContentPartImage;
import com.openai.models.chat.completions.ChatCompletionContentPartText;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionFunctionTool;
import com.openai.models.chat.completions.ChatCompletionMessageFunctionToolCall;
import com.openai.models.chat.completions.ChatCompletionToolMessageParam;
import io.llmgateway.support.FakeProvider;
import io.llmgateway.support.FakeProvider.Answer;
import io.llmgateway.support.FakeProvider.Received;
import io.llmgateway.support.GatewayTestSupport;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The same conversation, driven by the official OpenAI Java SDK, against every native provider
 * kind: plain chat, a tool round trip, an image, and a vendor error. Each kind's subclass says
 * how its fake vendor answers and what the vendor must have received.
 */
public abstract class SdkConversationContract extends GatewayTestSupport {

    /** A 1x1 PNG. */
    protected static final String PNG_BASE64 =
            "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==";

    protected OpenAIClient client;

    protected abstract FakeProvider fake();

    /** The gateway model name routed to this kind. */
    protected abstract String model();

    protected abstract String providerId();

    protected abstract Answer text(String text);

    protected abstract Answer toolCall(String name, String argumentsJson);

    /** The vendor refusing with 429 in its own error shape. */
    protected abstract Answer rateLimited();

    /** The vendor received "Be brief." as system, "Hello" from the user, temperature 0.5, at most 100 tokens. */
    protected abstract void assertPlainRequest(Received request);

    /** The second call carried the assistant's tool call and the tool's JSON result. */
    protected abstract void assertToolResultSent(Received request, String callId, JsonNode result);

    protected abstract void assertImageSent(Received request, String base64);

    @BeforeEach
    void sdk() {
        fake().reset(text("fallback answer"));
        client = OpenAIOkHttpClient.builder().baseUrl(url("/v1")).apiKey("any-caller-key").maxRetries(0).build();
    }

    @Test
    void plainChat() {
        fake().enqueue(text("Hello there!"));

        ChatCompletion completion = client.chat().completions().create(ChatCompletionCreateParams.builder()
                .model(model()).addSystemMessage("Be brief.").addUserMessage("Hello")
                .temperature(0.5).maxCompletionTokens(100).build());

        assertThat(completion.choices().get(0).message().content()).hasValue("Hello there!");
        assertThat(completion.choices().get(0).finishReason()).isEqualTo(ChatCompletion.Choice.FinishReason.STOP);
        assertThat(completion.usage().orElseThrow().promptTokens()).isPositive();
        assertThat(completion.usage().orElseThrow().completionTokens()).isPositive();
        assertThat(fake().received()).hasSize(1);
        assertPlainRequest(fake().last());
    }

    @Test
    void toolRoundTrip() {
        ChatCompletionFunctionTool weather = ChatCompletionFunctionTool.builder().function(FunctionDefinition.builder()
                .name("get_weather").description("Current weather in a city")
                .parameters(FunctionParameters.builder()
                        .putAdditionalProperty("type", JsonValue.from("object"))
                        .putAdditionalProperty("properties", JsonValue.from(Map.of("city", Map.of("type", "string"))))
                        .putAdditionalProperty("required", JsonValue.from(List.of("city")))
                        .build())
                .build()).build();
        ChatCompletionCreateParams.Builder conversation = ChatCompletionCreateParams.builder()
                .model(model()).addTool(weather).addUserMessage("What is the weather in Paris?");
        fake().enqueue(toolCall("get_weather", "{\"city\":\"Paris\"}"));

        ChatCompletion first = client.chat().completions().create(conversation.build());

        assertThat(first.choices().get(0).finishReason()).isEqualTo(ChatCompletion.Choice.FinishReason.TOOL_CALLS);
        List<ChatCompletionMessageFunctionToolCall> calls = first.choices().get(0).message().toolCalls().orElseThrow()
                .stream().map(c -> c.function().orElseThrow()).toList();
        assertThat(calls).hasSize(1);
        ChatCompletionMessageFunctionToolCall call = calls.get(0);
        assertThat(call.id()).isNotBlank();
        assertThat(call.function().name()).isEqualTo("get_weather");
        assertThat(json(call.function().arguments())).isEqualTo(json("{\"city\":\"Paris\"}"));

        fake().enqueue(text("It is 21 degrees in Paris."));
        ChatCompletion second = client.chat().completions().create(conversation
                .addMessage(first.choices().get(0).message())
                .addMessage(ChatCompletionToolMessageParam.builder().toolCallId(call.id())
                        .content("{\"temp_c\":21,\"sky\":\"clear\"}").build())
                .build());

        assertThat(second.choices().get(0).message().content()).hasValue("It is 21 degrees in Paris.");
        assertThat(fake().received()).hasSize(2);
        assertToolResultSent(fake().last(), call.id(), json("{\"temp_c\":21,\"sky\":\"clear\"}"));
    }

    @Test
    void imageMessage() {
        fake().enqueue(text("A single pixel."));

        ChatCompletion completion = client.chat().completions().create(ChatCompletionCreateParams.builder()
                .model(model()).addUserMessageOfArrayOfContentParts(List.of(
                        ChatCompletionContentPart.ofText(ChatCompletionContentPartText.builder().text("What is this?").build()),
                        ChatCompletionContentPart.ofImageUrl(ChatCompletionContentPartImage.builder()
                                .imageUrl(ChatCompletionContentPartImage.ImageUrl.builder()
                                        .url("data:image/png;base64," + PNG_BASE64).build()).build())))
                .build());

        assertThat(completion.choices().get(0).message().content()).hasValue("A single pixel.");
        assertImageSent(fake().last(), PNG_BASE64);
    }

    @Test
    void vendorErrorKeepsStatusAndNamesTheProvider() {
        fake().enqueue(rateLimited());

        assertThatThrownBy(() -> client.chat().completions().create(ChatCompletionCreateParams.builder()
                .model(model()).addUserMessage("Hello").build()))
                .isInstanceOfSatisfying(OpenAIServiceException.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(429);
                    // the SDK hands over the body's "error" object
                    JsonNode error = JSON.valueToTree(e.body().convert(Object.class));
                    assertThat(error.path("provider").asText()).isEqualTo(providerId());
                    assertThat(error.path("message").asText()).startsWith("Provider '" + providerId() + "' returned 429");
                });
    }

    protected static JsonNode body(Received request) {
        return json(request.body());
    }
}
