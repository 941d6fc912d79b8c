package io.llmgateway.provider;

import static org.assertj.core.api.Assertions.assertThat;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.JsonValue;
import com.openai.models.FunctionDefinition;
import com.openai.models.FunctionParameters;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionFunctionTool;
import com.openai.models.chat.completions.ChatCompletionMessageFunctionToolCall;
import com.openai.models.chat.completions.ChatCompletionToolMessageParam;
import io.llmgateway.support.GatewayTestSupport;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The SDK conversation's tool round trip against the built-in mock, the seventh kind. */
class MockToolRoundTripTest extends GatewayTestSupport {

    @Test
    void toolRoundTrip() {
        OpenAIClient client = OpenAIOkHttpClient.builder().baseUrl(url("/v1")).apiKey("any").maxRetries(0).build();
        ChatCompletionCreateParams.Builder conversation = ChatCompletionCreateParams.builder().model("mock-gpt")
                .addTool(ChatCompletionFunctionTool.builder().function(FunctionDefinition.builder().name("get_weather")
                        .parameters(FunctionParameters.builder()
                                .putAdditionalProperty("type", JsonValue.from("object"))
                                .putAdditionalProperty("properties", JsonValue.from(Map.of("city", Map.of("type", "string"))))
                                .putAdditionalProperty("required", JsonValue.from(List.of("city"))).build())
                        .build()).build())
                .addUserMessage("What is the weather in Paris?");

        ChatCompletion first = client.chat().completions().create(conversation.build());
        ChatCompletionMessageFunctionToolCall call = first.choices().get(0).message().toolCalls().orElseThrow().get(0).function().orElseThrow();
        ChatCompletion second = client.chat().completions().create(conversation
                .addMessage(first.choices().get(0).message())
                .addMessage(ChatCompletionToolMessageParam.builder().toolCallId(call.id()).content("{\"temp_c\":21}").build())
                .build());

        assertThat(first.choices().get(0).finishReason()).isEqualTo(ChatCompletion.Choice.FinishReason.TOOL_CALLS);
        assertThat(call.function().name()).isEqualTo("get_weather");
        assertThat(second.choices().get(0).message().content()).hasValue("Mock answer using the tool result: {\"temp_c\":21}");
    }
}
