package io.llmgateway.tools;

import static io.llmgateway.tools.ToolWire.call;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import io.llmgateway.support.FakeProvider.Answer;
import io.llmgateway.support.GatewayTestSupport;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/** What an app team sees: the OpenAI SDK gets a final answer; the tool rounds stayed inside the gateway. */
class ToolsSdkTest extends GatewayTestSupport {

    @Test
    void theOpenAiSdkGetsTheFinalAnswerWithUsageOfAllRounds() {
        OPENAI.reset(Answer.json(200, ToolWire.text(1, 1, "unused")));
        OPENAI.enqueue(Answer.json(200, ToolWire.toolCalls(25, 9, call("call_t", "current-time", "{\"timezone\":\"Asia/Tokyo\"}"))));
        OPENAI.enqueue(Answer.json(200, ToolWire.text(60, 11, "It is evening in Tokyo.")));
        OpenAIClient client = OpenAIOkHttpClient.builder().baseUrl(url("/v1")).apiKey("any-caller-key").maxRetries(0).build();

        ChatCompletion completion = client.chat().completions().create(ChatCompletionCreateParams.builder()
                .model("tools-gpt").addUserMessage("What time is it in Tokyo?").build());

        assertThat(completion.choices().get(0).message().content()).hasValue("It is evening in Tokyo.");
        assertThat(completion.choices().get(0).finishReason()).isEqualTo(ChatCompletion.Choice.FinishReason.STOP);
        assertThat(completion.usage().orElseThrow().promptTokens()).isEqualTo(85);
        assertThat(completion.usage().orElseThrow().completionTokens()).isEqualTo(20);
        JsonNode result = json(json(OPENAI.last().body()).path("messages").get(2).path("content").asText());
        assertThat(result.path("timezone").asText()).isEqualTo("Asia/Tokyo");
        assertThat(result.path("datetime").asText()).endsWith("+09:00");
    }

    @Test
    void adminToolsListsTheRegisteredToolsWithTheirSchemas() {
        HttpResponse<String> response = get("/admin/tools");

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode tools = json(response.body()).path("data");
        assertThat(tools.findValuesAsText("name")).containsExactly("calculator", "current-time", "http-get", "knowledge-search");
        JsonNode httpGet = tools.get(2);
        assertThat(httpGet.path("route").asText()).isEqualTo("tool-http-get");
        assertThat(httpGet.path("parameters").path("required").get(0).asText()).isEqualTo("url");
        assertThat(httpGet.path("description").asText()).contains("Only some hosts are allowed");
    }
}
