package io.llmgateway.responsesdoor;

import static io.llmgateway.support.StreamingFake.data;
import static io.llmgateway.support.StreamingFake.done;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.JsonValue;
import com.openai.errors.BadRequestException;
import com.openai.errors.NotFoundException;
import com.openai.models.responses.EasyInputMessage;
import com.openai.models.responses.FunctionTool;
import com.openai.models.responses.Response;
import com.openai.models.responses.ResponseCreateParams;
import com.openai.models.responses.ResponseFunctionToolCall;
import com.openai.models.responses.ResponseInputItem;
import com.openai.models.responses.ResponseOutputItem;
import com.openai.models.responses.ResponseStatus;
import com.openai.models.responses.StructuredResponse;
import com.openai.models.responses.WebSearchTool;
import io.llmgateway.support.FakeProvider;
import io.llmgateway.support.FakeProvider.Answer;
import io.llmgateway.support.GatewayTestSupport;
import io.llmgateway.support.OpenAiWire;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The official OpenAI Java SDK's Responses API against POST /v1/responses, with fake vendors of
 * every kind behind it (real HTTP both sides). responseValidation makes the SDK check that every
 * Response carries the fields its model requires.
 */
class ResponsesApiTest extends GatewayTestSupport {

    static final String TOOL_CALL_ANSWER = """
            {"id":"chatcmpl-B9MHDbslfkBeAs8l4bebGdFOJ6PeG","object":"chat.completion","created":1741570283,
             "model":"gpt-4o-mini-2024-07-18",
             "choices":[{"index":0,"message":{"role":"assistant","content":null,"refusal":null,
               "tool_calls":[{"id":"call_ZMwP8tJv8WUF7G9bKmbUcLza","type":"function",
                 "function":{"name":"get_weather","arguments":"{\\"location\\":\\"Paris\\"}"}}]},
               "logprobs":null,"finish_reason":"tool_calls"}],
             "usage":{"prompt_tokens":52,"completion_tokens":15,"total_tokens":67}}
            """;

    private OpenAIClient client;

    @BeforeEach
    void setUp() {
        // every kind's fake answers as it did at the start, whatever an earlier test class left it with
        restoreStandingAnswers();
        client = client("caller-key-a");
    }

    private OpenAIClient client(String key) {
        return OpenAIOkHttpClient.builder().baseUrl(url("/v1")).apiKey(key).maxRetries(0).responseValidation(true).build();
    }

    @Test
    void plainResponseFromAnOpenAiProvider() {
        Response response = client.responses().create(ResponseCreateParams.builder().model("gpt-4o-mini")
                .instructions("You are terse.").input("Hi").maxOutputTokens(200).temperature(0.3).build());

        assertThat(response.id()).startsWith("resp_");
        assertThat(response.status()).hasValue(ResponseStatus.COMPLETED);
        assertThat(outputText(response)).isEqualTo("Hello from fake OpenAI");
        assertThat(response.usage().orElseThrow().inputTokens()).isEqualTo(19);
        assertThat(response.usage().orElseThrow().outputTokens()).isEqualTo(10);
        assertThat(response.usage().orElseThrow().totalTokens()).isEqualTo(29);
        assertThat(response.instructions().orElseThrow().string()).hasValue("You are terse.");
        JsonNode upstream = json(OPENAI.last().body());
        assertThat(upstream.path("messages").path(0).path("role").asText()).isEqualTo("system");
        assertThat(upstream.path("messages").path(0).path("content").asText()).isEqualTo("You are terse.");
        assertThat(upstream.path("messages").path(1).path("role").asText()).isEqualTo("user");
        assertThat(upstream.path("messages").path(1).path("content").asText()).isEqualTo("Hi");
        assertThat(upstream.path("max_completion_tokens").asInt()).isEqualTo(200);
        assertThat(upstream.path("temperature").asDouble()).isEqualTo(0.3);
        assertThat(upstream.has("input")).isFalse();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "gpt-4o-mini, openai, Hello from fake OpenAI",
            "claude-test, anthropic, Hello from fake Anthropic",
            "gemini-test, gemini, Hello from fake Gemini",
            "ollama-test, ollama, Hello from fake Ollama",
            "azure-test, azure, Hello from fake Azure",
            "bedrock-test, bedrock, Hello from fake Bedrock"})
    void everyProviderKindAnswersAResponse(String model, String kind, String expected) {
        FakeProvider fake = switch (kind) {
            case "openai" -> OPENAI;
            case "anthropic" -> ANTHROPIC;
            case "gemini" -> GEMINI;
            case "ollama" -> OLLAMA;
            case "azure" -> AZURE;
            default -> BEDROCK;
        };
        int before = fake.received().size();

        Response response = client.responses().create(ResponseCreateParams.builder().model(model)
                .instructions("Be brief.").input("Say hello to " + kind).build());

        assertThat(outputText(response)).isEqualTo(expected);
        assertThat(response.model().toString()).contains(model);
        assertThat(response.usage().orElseThrow().totalTokens()).isPositive();
        assertThat(fake.received()).hasSize(before + 1);
        assertThat(fake.last().body()).contains("Say hello to " + kind).contains("Be brief.");
    }

    @Test
    void functionToolRoundTripWithFunctionCallOutput() {
        OPENAI.enqueue(Answer.json(200, TOOL_CALL_ANSWER));
        FunctionTool weather = FunctionTool.builder().name("get_weather").description("Weather for a city")
                .parameters(FunctionTool.Parameters.builder().putAdditionalProperty("type", JsonValue.from("object"))
                        .putAdditionalProperty("properties", JsonValue.from(Map.of("location", Map.of("type", "string"))))
                        .build())
                .strict(false).build();
        EasyInputMessage question = EasyInputMessage.builder().role(EasyInputMessage.Role.USER)
                .content("Weather in Paris?").build();

        Response first = client.responses().create(ResponseCreateParams.builder().model("gpt-4o-mini")
                .inputOfResponse(List.of(ResponseInputItem.ofEasyInputMessage(question))).addTool(weather).build());

        ResponseFunctionToolCall call = first.output().stream().flatMap(item -> item.functionCall().stream())
                .findFirst().orElseThrow();
        assertThat(call.callId()).isEqualTo("call_ZMwP8tJv8WUF7G9bKmbUcLza");
        assertThat(call.name()).isEqualTo("get_weather");
        assertThat(call.arguments()).isEqualTo("{\"location\":\"Paris\"}");
        JsonNode firstUpstream = json(OPENAI.last().body());
        assertThat(firstUpstream.path("tools").path(0).path("type").asText()).isEqualTo("function");
        assertThat(firstUpstream.path("tools").path(0).path("function").path("name").asText()).isEqualTo("get_weather");
        assertThat(firstUpstream.path("tools").path(0).path("function").path("strict").asBoolean(true)).isFalse();

        Response second = client.responses().create(ResponseCreateParams.builder().model("gpt-4o-mini").store(false)
                .inputOfResponse(List.of(ResponseInputItem.ofEasyInputMessage(question), ResponseInputItem.ofFunctionCall(call),
                        ResponseInputItem.ofFunctionCallOutput(ResponseInputItem.FunctionCallOutput.builder()
                                .callId(call.callId()).output("15 degrees and sunny").build())))
                .addTool(weather).build());

        assertThat(outputText(second)).isEqualTo("Hello from fake OpenAI");
        JsonNode messages = json(OPENAI.last().body()).path("messages");
        assertThat(messages).hasSize(3);
        assertThat(messages.path(1).path("role").asText()).isEqualTo("assistant");
        assertThat(messages.path(1).path("tool_calls").path(0).path("id").asText()).isEqualTo(call.callId());
        assertThat(messages.path(1).path("tool_calls").path(0).path("function").path("arguments").asText())
                .isEqualTo("{\"location\":\"Paris\"}");
        assertThat(messages.path(2).path("role").asText()).isEqualTo("tool");
        assertThat(messages.path(2).path("tool_call_id").asText()).isEqualTo(call.callId());
        assertThat(messages.path(2).path("content").asText()).isEqualTo("15 degrees and sunny");
    }

    @Test
    void previousResponseIdContinuesTheStoredConversation() {
        OPENAI.enqueue(Answer.json(200, OpenAiWire.completion("gpt-4o-mini-2024-07-18", "Nice to meet you, Ada")));
        Response first = client.responses().create(ResponseCreateParams.builder().model("gpt-4o-mini")
                .instructions("Only for the first turn.").input("My name is Ada").build());

        Response second = client.responses().create(ResponseCreateParams.builder().model("gpt-4o-mini")
                .previousResponseId(first.id()).input("What is my name?").build());

        JsonNode messages = json(OPENAI.last().body()).path("messages");
        assertThat(messages).hasSize(3);
        assertThat(messages.path(0).path("role").asText()).isEqualTo("user");
        assertThat(messages.path(0).path("content").asText()).isEqualTo("My name is Ada");
        assertThat(messages.path(1).path("role").asText()).isEqualTo("assistant");
        assertThat(messages.path(1).path("content").asText()).isEqualTo("Nice to meet you, Ada");
        assertThat(messages.path(2).path("content").asText()).isEqualTo("What is my name?");
        assertThat(second.previousResponseId()).hasValue(first.id());

        Response stored = client.responses().retrieve(first.id());
        assertThat(stored.id()).isEqualTo(first.id());
        assertThat(outputText(stored)).isEqualTo("Nice to meet you, Ada");
        List<String> inputs = client.responses().inputItems().list(first.id()).data().stream()
                .flatMap(item -> item.responseInputMessageItem().stream())
                .map(item -> item.content().get(0).inputText().orElseThrow().text()).toList();
        assertThat(inputs).containsExactly("My name is Ada");

        client.responses().delete(first.id());
        assertThatThrownBy(() -> client.responses().retrieve(first.id())).isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> client.responses().create(ResponseCreateParams.builder().model("gpt-4o-mini")
                .previousResponseId(first.id()).input("Still there?").build()))
                .isInstanceOf(BadRequestException.class).hasMessageContaining(first.id());
    }

    @Test
    void anotherTenantCannotSeeAStoredResponse() {
        Response mine = client.responses().create(ResponseCreateParams.builder().model("mock-gpt").input("Secret plan").build());
        OpenAIClient other = client("caller-key-b");

        assertThatThrownBy(() -> other.responses().retrieve(mine.id())).isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> other.responses().inputItems().list(mine.id())).isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> other.responses().delete(mine.id())).isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> other.responses().create(ResponseCreateParams.builder().model("mock-gpt")
                .previousResponseId(mine.id()).input("And then?").build())).isInstanceOf(BadRequestException.class);
        assertThat(client.responses().retrieve(mine.id()).id()).isEqualTo(mine.id());
    }

    @Test
    void storeFalseKeepsNothing() {
        Response response = client.responses().create(ResponseCreateParams.builder().model("mock-gpt").store(false)
                .input("Forget me").build());

        assertThatThrownBy(() -> client.responses().retrieve(response.id())).isInstanceOf(NotFoundException.class);
    }

    /** The SDK's structured outputs: text.format json_schema, parsed back into the class. */
    public static class Weather {
        public String city;
        public int celsius;
    }

    @Test
    void jsonSchemaOutputBecomesResponseFormat() {
        OPENAI.enqueue(Answer.json(200, OpenAiWire.completion("gpt-4o-mini-2024-07-18",
                "{\\\"city\\\":\\\"Paris\\\",\\\"celsius\\\":15}")));

        StructuredResponse<Weather> response = client.responses().create(ResponseCreateParams.builder()
                .model("gpt-4o-mini").input("Weather in Paris as JSON").text(Weather.class).build());

        Weather weather = response.output().stream().flatMap(item -> item.message().stream())
                .flatMap(message -> message.content().stream()).flatMap(content -> content.outputText().stream())
                .findFirst().orElseThrow();
        assertThat(weather.city).isEqualTo("Paris");
        assertThat(weather.celsius).isEqualTo(15);
        JsonNode format = json(OPENAI.last().body()).path("response_format");
        assertThat(format.path("type").asText()).isEqualTo("json_schema");
        assertThat(format.path("json_schema").path("name").asText()).isNotBlank();
        assertThat(format.path("json_schema").path("strict").asBoolean()).isTrue();
        assertThat(format.path("json_schema").path("schema").path("properties").has("celsius")).isTrue();
    }

    @Test
    void unknownModelIs404ModelNotFound() {
        assertThatThrownBy(() -> client.responses().create(ResponseCreateParams.builder().model("no-such-model")
                .input("Hi").build()))
                .isInstanceOf(NotFoundException.class).hasMessageContaining("no-such-model");

        HttpResponse<String> raw = post("/v1/responses", "{\"model\":\"no-such-model\",\"input\":\"Hi\"}");
        assertThat(raw.statusCode()).isEqualTo(404);
        assertThat(json(raw.body()).path("error").path("code").asText()).isEqualTo("model_not_found");
        assertThat(json(raw.body()).path("error").path("param").asText()).isEqualTo("model");
    }

    @Test
    void hostedToolsAreRefusedWith400NamingTheTool() {
        int before = OPENAI.received().size();
        assertThatThrownBy(() -> client.responses().create(ResponseCreateParams.builder().model("gpt-4o-mini")
                .input("News today?").addTool(WebSearchTool.builder().type(WebSearchTool.Type.WEB_SEARCH).build()).build()))
                .isInstanceOf(BadRequestException.class).hasMessageContaining("web_search");

        HttpResponse<String> raw = post("/v1/responses", """
                {"model": "gpt-4o-mini", "input": "Find the report",
                 "tools": [{"type": "function", "name": "lookup", "parameters": {"type": "object"}},
                           {"type": "file_search", "vector_store_ids": ["vs_1"]}]}""");
        assertThat(raw.statusCode()).isEqualTo(400);
        JsonNode error = json(raw.body()).path("error");
        assertThat(error.path("type").asText()).isEqualTo("invalid_request_error");
        assertThat(error.path("param").asText()).isEqualTo("tools[1].type");
        assertThat(error.path("message").asText()).contains("file_search");
        assertThat(OPENAI.received()).hasSize(before);
    }

    @Test
    void invalidRequestsName400Params() {
        HttpResponse<String> noInput = post("/v1/responses", "{\"model\":\"gpt-4o-mini\"}");
        assertThat(noInput.statusCode()).isEqualTo(400);
        assertThat(json(noInput.body()).path("error").path("param").asText()).isEqualTo("input");

        HttpResponse<String> badItem = post("/v1/responses", """
                {"model":"gpt-4o-mini","input":[{"type":"function_call_output","output":"42"}]}""");
        assertThat(badItem.statusCode()).isEqualTo(400);
        assertThat(json(badItem.body()).path("error").path("param").asText()).isEqualTo("input[0].call_id");

        HttpResponse<String> badTemperature = post("/v1/responses", """
                {"model":"gpt-4o-mini","input":"Hi","temperature":3}""");
        assertThat(badTemperature.statusCode()).isEqualTo(400);
        assertThat(json(badTemperature.body()).path("error").path("param").asText()).isEqualTo("temperature");
        assertThat(badTemperature.headers().firstValue("x-request-id")).isPresent();
    }

    @Test
    void lengthLimitedAnswersAreIncomplete() {
        OPENAI.enqueue(Answer.json(200, OpenAiWire.completion("gpt-4o-mini-2024-07-18", "Once upon a")
                .replace("\"finish_reason\": \"stop\"", "\"finish_reason\": \"length\"")));

        Response response = client.responses().create(ResponseCreateParams.builder().model("gpt-4o-mini")
                .input("Tell a story").maxOutputTokens(3).build());

        assertThat(response.status()).hasValue(ResponseStatus.INCOMPLETE);
        assertThat(response.incompleteDetails().orElseThrow().reason())
                .hasValue(Response.IncompleteDetails.Reason.MAX_OUTPUT_TOKENS);
        assertThat(outputText(response)).isEqualTo("Once upon a");
    }

    static String outputText(Response response) {
        StringBuilder text = new StringBuilder();
        for (ResponseOutputItem item : response.output()) {
            item.message().ifPresent(message -> message.content().forEach(
                    content -> content.outputText().ifPresent(t -> text.append(t.text()))));
        }
        return text.toString();
    }
}
