package io.llmgateway.tools;

import static io.llmgateway.tools.ToolWire.call;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmgateway.support.FakeProvider;
import io.llmgateway.support.FakeProvider.Answer;
import io.llmgateway.support.GatewayTestSupport;
import io.llmgateway.support.OpenAiWire;
import io.llmgateway.support.StreamingFake;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The gateway's tool loop over real HTTP: the fake OpenAI answers with tool_calls in OpenAI's wire
 * format, the gateway runs the tool routes from routes/tools/ and sends the results back.
 * Model alias tools-gpt has calculator, current-time, http-get and knowledge-search attached.
 */
class GatewayToolsTest extends GatewayTestSupport {

    private static final String ASK = """
            {"model":"tools-gpt","messages":[{"role":"user","content":"%s"}]}""";
    /** A second server on another host name and port: never on the http-get allow-list. */
    private static final FakeProvider ELSEWHERE = new FakeProvider(Answer.json(200, "{\"secret\":\"internal\"}"));

    @BeforeEach
    void reset() throws InterruptedException {
        // a timed-out tool's late answer may still be in flight; wait so it cannot count as parallelism
        for (int i = 0; i < 100 && TOOL_API.inFlight() > 0; i++) {
            Thread.sleep(50);
        }
        OPENAI.reset(Answer.json(200, ToolWire.text(50, 10, "Done.")));
        TOOL_API.reset(Answer.json(200, "{\"ok\":true}"));
        ELSEWHERE.reset(Answer.json(200, "{\"secret\":\"internal\"}"));
    }

    @AfterAll
    static void stopElsewhere() {
        ELSEWHERE.close();
    }

    @Test
    void twoToolCallsRunInParallelAndGoBackTogetherInTheModelsOrder() {
        // the first call is the slow one, so finishing order and the model's order differ
        TOOL_API.setDefault(Answer.json(200, "{\"temp_c\":12}").after(Duration.ofMillis(600)));
        OPENAI.enqueue(Answer.json(200, ToolWire.toolCalls(80, 30,
                call("call_a", "http-get", "{\"url\":\"" + TOOL_API.baseUrl() + "/weather?city=paris\"}"),
                call("call_b", "calculator", "{\"expression\":\"(21 - 4) * 2\"}"),
                call("call_c", "http-get", "{\"url\":\"" + TOOL_API.baseUrl() + "/weather?city=oslo\"}"))));
        OPENAI.enqueue(Answer.json(200, ToolWire.text(150, 20, "Paris is 17 degrees warmer than Oslo.")));

        HttpResponse<String> response = post("/v1/chat/completions", ASK.formatted("Compare Paris and Oslo weather"));

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode body = json(response.body());
        assertThat(body.path("choices").get(0).path("message").path("content").asText()).isEqualTo("Paris is 17 degrees warmer than Oslo.");
        assertThat(body.path("usage").path("prompt_tokens").asInt()).isEqualTo(80 + 150);
        assertThat(body.path("usage").path("completion_tokens").asInt()).isEqualTo(30 + 20);
        assertThat(body.path("usage").path("total_tokens").asInt()).isEqualTo(280);
        assertThat(response.headers().firstValue("x-gateway-tools")).hasValue("http-get,calculator");
        // both slow fetches were in flight at once
        assertThat(TOOL_API.maxInFlight()).isEqualTo(2);

        List<FakeProvider.Received> calls = OPENAI.received();
        assertThat(calls).hasSize(2);
        JsonNode first = json(calls.get(0).body());
        assertThat(first.path("tools").findValuesAsText("name")).contains("calculator", "current-time", "http-get", "knowledge-search");
        JsonNode calculator = toolNamed(first, "calculator");
        assertThat(calculator.path("type").asText()).isEqualTo("function");
        assertThat(calculator.path("function").path("description").asText()).contains("arithmetic");
        assertThat(calculator.path("function").path("parameters").path("required").get(0).asText()).isEqualTo("expression");

        JsonNode messages = json(calls.get(1).body()).path("messages");
        assertThat(messages).hasSize(5);
        assertThat(messages.get(1).path("role").asText()).isEqualTo("assistant");
        assertThat(messages.get(1).path("tool_calls")).hasSize(3);
        assertThat(messages.get(2).path("role").asText()).isEqualTo("tool");
        assertThat(messages.get(2).path("tool_call_id").asText()).isEqualTo("call_a");
        assertThat(json(messages.get(2).path("content").asText()).path("url").asText()).endsWith("city=paris");
        assertThat(json(messages.get(2).path("content").asText()).path("status").asInt()).isEqualTo(200);
        assertThat(messages.get(3).path("tool_call_id").asText()).isEqualTo("call_b");
        assertThat(json(messages.get(3).path("content").asText()).path("result").asInt()).isEqualTo(34);
        assertThat(messages.get(4).path("tool_call_id").asText()).isEqualTo("call_c");
        assertThat(json(messages.get(4).path("content").asText()).path("url").asText()).endsWith("city=oslo");
    }

    @Test
    void theLoopGoesOnWhileTheModelAsksForMoreTools() {
        OPENAI.enqueue(Answer.json(200, ToolWire.toolCalls(40, 10, call("call_1", "calculator", "{\"expression\":\"2^10\"}"))));
        OPENAI.enqueue(Answer.json(200, ToolWire.toolCalls(60, 10, call("call_2", "knowledge-search", "{\"query\":\"refund window days\"}"))));
        OPENAI.enqueue(Answer.json(200, ToolWire.text(90, 15, "You have 30 days, and 2^10 is 1024.")));

        HttpResponse<String> response = post("/v1/chat/completions", ASK.formatted("Refunds? And 2^10?"));

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(json(response.body()).path("usage").path("total_tokens").asInt()).isEqualTo(50 + 70 + 105);
        assertThat(response.headers().firstValue("x-gateway-tools")).hasValue("calculator,knowledge-search");
        assertThat(response.headers().firstValue("x-gateway-attempts")).hasValue("fake-openai:200,fake-openai:200,fake-openai:200");
        List<FakeProvider.Received> calls = OPENAI.received();
        assertThat(calls).hasSize(3);
        JsonNode second = json(calls.get(1).body()).path("messages");
        assertThat(json(second.get(2).path("content").asText()).path("result").asInt()).isEqualTo(1024);
        JsonNode third = json(calls.get(2).body()).path("messages");
        assertThat(third).hasSize(5);
        assertThat(third.get(4).path("tool_call_id").asText()).isEqualTo("call_2");
        JsonNode found = json(third.get(4).path("content").asText()).path("results");
        assertThat(found.get(0).path("source").asText()).isEqualTo("refund-policy.md");
        assertThat(found.get(0).path("text").asText()).contains("30 days");
    }

    @Test
    void aToolThatTimesOutBecomesAResultAndTheModelStillAnswers() {
        TOOL_API.enqueue(Answer.json(200, "{\"late\":true}").after(Duration.ofSeconds(3)));
        OPENAI.enqueue(Answer.json(200, ToolWire.toolCalls(40, 10,
                call("call_slow", "http-get", "{\"url\":\"" + TOOL_API.baseUrl() + "/slow\"}"),
                call("call_time", "current-time", "{\"timezone\":\"Europe/Paris\"}"))));
        OPENAI.enqueue(Answer.json(200, ToolWire.text(70, 12, "The weather service is slow; it is afternoon in Paris.")));

        long start = System.nanoTime();
        HttpResponse<String> response = post("/v1/chat/completions", ASK.formatted("Weather and time?"));
        long millis = (System.nanoTime() - start) / 1_000_000;

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(millis).as("the 1 s tool timeout cut the 3 s wait short").isLessThan(2900);
        JsonNode messages = json(OPENAI.received().get(1).body()).path("messages");
        assertThat(json(messages.get(2).path("content").asText()).path("error").asText())
                .isEqualTo("Tool 'http-get' timed out after 1000 ms");
        assertThat(json(messages.get(3).path("content").asText()).path("timezone").asText()).isEqualTo("Europe/Paris");
    }

    @Test
    void httpGetReadsAtMostItsCapOfAnEndlessAnswer() {
        // 100 KB, then the server goes quiet without ending the answer: reading it all would hit the 1 s tool timeout
        STREAMING.enqueue(new StreamingFake.Script(200, "text/plain",
                List.of(new StreamingFake.Send("a".repeat(100_000)), StreamingFake.pause(20_000))));
        OPENAI.enqueue(Answer.json(200, ToolWire.toolCalls(40, 10,
                call("call_big", "http-get", "{\"url\":\"" + STREAMING.baseUrl() + "/big\"}"))));
        OPENAI.enqueue(Answer.json(200, ToolWire.text(70, 12, "It is a lot of a.")));

        HttpResponse<String> response = post("/v1/chat/completions", ASK.formatted("Fetch the big page"));

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        // the tool's result (then cut to max-result-size for the model): the answer's first 64 KB, not 100 KB, and no timeout
        String result = json(OPENAI.received().get(1).body()).path("messages").get(2).path("content").asText();
        assertThat(result).startsWith("{\"url\":\"" + STREAMING.baseUrl() + "/big\",\"status\":200").contains("aaaa");
        java.util.regex.Matcher size = java.util.regex.Pattern.compile("the tool returned (\\d+) characters").matcher(result);
        assertThat(size.find()).as(result.substring(Math.max(0, result.length() - 200))).isTrue();
        assertThat(Integer.parseInt(size.group(1))).isBetween(65_536, 66_000);
    }

    @Test
    void badArgumentsAndFailuresBecomeResultsTellingTheModelWhatWentWrong() {
        OPENAI.enqueue(Answer.json(200, ToolWire.toolCalls(40, 10,
                call("call_1", "calculator", "{\"expr\":12}"),
                call("call_2", "calculator", "not json"),
                call("call_3", "calculator", "{\"expression\":\"1/0\"}"),
                call("call_4", "current-time", "{\"timezone\":\"Mars/Olympus\"}"))));
        OPENAI.enqueue(Answer.json(200, ToolWire.text(70, 12, "Sorry, I could not compute that.")));

        HttpResponse<String> response = post("/v1/chat/completions", ASK.formatted("compute"));

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode messages = json(OPENAI.received().get(1).body()).path("messages");
        assertThat(error(messages.get(2))).startsWith("Invalid arguments for tool 'calculator': ")
                .contains("expression").contains("expr");
        assertThat(error(messages.get(3))).isEqualTo("Invalid arguments for tool 'calculator': not valid JSON");
        assertThat(error(messages.get(4))).contains("division by zero");
        assertThat(error(messages.get(5))).contains("Unknown time zone 'Mars/Olympus'");
    }

    @Test
    void inAMixedAnswerTheGatewayRunsItsToolsAndReturnsTheClientsAndRestoresThemOnTheFollowUp() {
        String clientTool = """
                {"type":"function","function":{"name":"get_order","description":"Looks up an order in the client's system",
                  "parameters":{"type":"object","properties":{"id":{"type":"string"}},"required":["id"]}}}""";
        String request = """
                {"model":"tools-gpt","messages":[{"role":"user","content":"Order 42 total with 20%% tax?"}],"tools":[%s]}"""
                .formatted(clientTool);
        OPENAI.enqueue(Answer.json(200, ToolWire.toolCalls(60, 20,
                call("call_calc", "calculator", "{\"expression\":\"100 * 1.2\"}"),
                call("call_order", "get_order", "{\"id\":\"42\"}"))));

        HttpResponse<String> response = post("/v1/chat/completions", request);

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(response.headers().firstValue("x-gateway-tools")).hasValue("calculator");
        JsonNode choice = json(response.body()).path("choices").get(0);
        assertThat(choice.path("finish_reason").asText()).isEqualTo("tool_calls");
        JsonNode returned = choice.path("message").path("tool_calls");
        assertThat(returned).hasSize(1);
        assertThat(returned.get(0).path("id").asText()).isEqualTo("call_order");
        assertThat(OPENAI.received()).hasSize(1);
        // the client's own tool reached the model beside the gateway's
        assertThat(json(OPENAI.last().body()).path("tools").findValuesAsText("name")).contains("get_order", "calculator");

        // the client answers its call; the gateway puts its own call and result back beside it
        String followUp = """
                {"model":"tools-gpt","messages":[{"role":"user","content":"Order 42 total with 20%% tax?"},
                  {"role":"assistant","content":null,"tool_calls":[{"id":"call_order","type":"function",
                    "function":{"name":"get_order","arguments":"{\\"id\\":\\"42\\"}"}}]},
                  {"role":"tool","tool_call_id":"call_order","content":"{\\"total\\":100}"}],"tools":[%s]}"""
                .formatted(clientTool);
        // another tenant sending the same turn gets nothing of the first caller's tool results
        OPENAI.enqueue(Answer.json(200, ToolWire.text(90, 10, "Something else.")));
        assertThat(post("/v1/chat/completions", followUp, java.util.Map.of("Authorization", "Bearer another-team-key")).statusCode()).isEqualTo(200);
        assertThat(json(OPENAI.last().body()).path("messages").get(1).path("tool_calls").findValuesAsText("id")).containsExactly("call_order");
        assertThat(json(OPENAI.last().body()).path("messages")).hasSize(3);

        OPENAI.enqueue(Answer.json(200, ToolWire.text(90, 10, "120 with tax.")));

        HttpResponse<String> second = post("/v1/chat/completions", followUp);

        assertThat(second.statusCode()).as(second.body()).isEqualTo(200);
        JsonNode messages = json(OPENAI.last().body()).path("messages");
        assertThat(messages.get(1).path("tool_calls").findValuesAsText("id")).containsExactly("call_calc", "call_order");
        assertThat(messages.get(2).path("tool_call_id").asText()).isEqualTo("call_calc");
        assertThat(json(messages.get(2).path("content").asText()).path("result").asInt()).isEqualTo(120);
        assertThat(messages.get(3).path("tool_call_id").asText()).isEqualTo("call_order");
    }

    @Test
    void aCallerCanNameARegisteredToolWithoutDefiningIt() {
        String request = """
                {"model":"gpt-4o-mini","messages":[{"role":"user","content":"17*3"}],
                 "tools":[{"type":"function","function":{"name":"calculator"}}]}""";
        OPENAI.enqueue(Answer.json(200, ToolWire.toolCalls(30, 8, call("call_x", "calculator", "{\"expression\":\"17*3\"}"))));
        OPENAI.enqueue(Answer.json(200, ToolWire.text(45, 4, "51")));

        HttpResponse<String> response = post("/v1/chat/completions", request);

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(response.headers().firstValue("x-gateway-tools")).hasValue("calculator");
        JsonNode offered = json(OPENAI.received().get(0).body()).path("tools");
        assertThat(offered).hasSize(1);
        assertThat(offered.get(0).path("function").path("parameters").path("properties").has("expression")).isTrue();
        assertThat(json(json(OPENAI.last().body()).path("messages").get(2).path("content").asText()).path("result").asInt()).isEqualTo(51);
    }

    @Test
    void aModelThatNeverStopsCallingToolsGetsAClearErrorAtMaxIterations() {
        OPENAI.setDefault(Answer.json(200, ToolWire.toolCalls(10, 5, call("call_again", "current-time", "{}"))));

        HttpResponse<String> response = post("/v1/chat/completions", ASK.formatted("loop forever"));

        assertThat(response.statusCode()).isEqualTo(502);
        JsonNode error = json(response.body()).path("error");
        assertThat(error.path("code").asText()).isEqualTo("tool_iterations_exceeded");
        assertThat(error.path("message").asText()).contains("after 5 model calls").contains("current-time");
        assertThat(OPENAI.received()).hasSize(5);
    }

    @Test
    void httpGetRefusesHostsOffItsAllowListAndRedirectsToThem() {
        String elsewhere = "http://localhost:" + ELSEWHERE.baseUrl().substring(ELSEWHERE.baseUrl().lastIndexOf(':') + 1);
        TOOL_API.enqueue(new Answer(302, java.util.Map.of("Location", elsewhere + "/secret"), "", Duration.ZERO));
        TOOL_API.enqueue(new Answer(301, java.util.Map.of("Location", "/v2/data"), "", Duration.ZERO));
        TOOL_API.enqueue(Answer.json(200, "{\"moved\":\"here\"}"));
        OPENAI.enqueue(Answer.json(200, ToolWire.toolCalls(40, 10,
                call("call_1", "http-get", "{\"url\":\"" + elsewhere + "/secret\"}"),
                call("call_2", "http-get", "{\"url\":\"http://169.254.169.254/latest/meta-data/\"}"),
                call("call_3", "http-get", "{\"url\":\"file:///etc/passwd\"}"))));
        OPENAI.enqueue(Answer.json(200, ToolWire.toolCalls(40, 10,
                call("call_4", "http-get", "{\"url\":\"" + TOOL_API.baseUrl() + "/redirects-away\"}"))));
        OPENAI.enqueue(Answer.json(200, ToolWire.toolCalls(40, 10,
                call("call_5", "http-get", "{\"url\":\"" + TOOL_API.baseUrl() + "/v1/data\"}"))));
        OPENAI.enqueue(Answer.json(200, ToolWire.text(40, 10, "ok")));

        HttpResponse<String> response = post("/v1/chat/completions", ASK.formatted("fetch things"));

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        List<FakeProvider.Received> calls = OPENAI.received();
        JsonNode round1 = json(calls.get(1).body()).path("messages");
        assertThat(error(round1.get(2))).contains("Host 'localhost:").contains("is not on this tool's allow-list");
        assertThat(error(round1.get(3))).contains("Host '169.254.169.254' is not on this tool's allow-list");
        assertThat(error(round1.get(4))).isEqualTo("Tool 'http-get' failed: Only http and https URLs can be fetched");
        JsonNode round2 = json(calls.get(2).body()).path("messages");
        assertThat(error(round2.get(6))).contains("Host 'localhost:").contains("allow-list");
        assertThat(ELSEWHERE.received()).as("nothing reached the host off the list").isEmpty();
        // a redirect within the allowed host is followed
        JsonNode round3 = json(calls.get(3).body()).path("messages");
        JsonNode fetched = json(round3.get(8).path("content").asText());
        assertThat(fetched.path("status").asInt()).isEqualTo(200);
        assertThat(fetched.path("url").asText()).endsWith("/v2/data");
        assertThat(fetched.path("body").asText()).contains("here");
        assertThat(TOOL_API.received()).extracting(FakeProvider.Received::path).containsExactly("/redirects-away", "/v1/data", "/v2/data");
    }

    @Test
    void requestsWithoutGatewayToolsAreUntouched() {
        OPENAI.reset(Answer.json(200, OpenAiWire.completion("gpt-4o-mini-2024-07-18", "plain")));

        HttpResponse<String> response = post("/v1/chat/completions", """
                {"model":"gpt-4o-mini","messages":[{"role":"user","content":"hi"}]}""");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("x-gateway-tools")).isEmpty();
        assertThat(json(OPENAI.last().body()).has("tools")).isFalse();
        assertThat(json(response.body()).path("usage").path("prompt_tokens_details").isObject()).isTrue();
    }

    @Test
    void anAnswerBuiltOnToolResultsIsNotKeptByTheConservativeCache() {
        String request = """
                {"model":"tools-cached","temperature":0,"messages":[{"role":"user","content":"%s"}]}""";
        OPENAI.enqueue(Answer.json(200, ToolWire.toolCalls(30, 8, call("call_x", "calculator", "{\"expression\":\"6*7\"}"))));
        OPENAI.enqueue(Answer.json(200, ToolWire.text(45, 4, "42")));
        OPENAI.enqueue(Answer.json(200, ToolWire.text(20, 4, "Hello")));

        assertThat(post("/v1/chat/completions", request.formatted("6*7?")).headers().firstValue("x-gateway-tools")).hasValue("calculator");
        assertThat(post("/v1/chat/completions", request.formatted("hello")).headers().firstValue("x-gateway-cache")).hasValue("miss");
        OPENAI.enqueue(Answer.json(200, ToolWire.toolCalls(30, 8, call("call_y", "calculator", "{\"expression\":\"6*7\"}"))));
        OPENAI.enqueue(Answer.json(200, ToolWire.text(45, 4, "42")));

        HttpResponse<String> again = post("/v1/chat/completions", request.formatted("6*7?"));
        HttpResponse<String> helloAgain = post("/v1/chat/completions", request.formatted("hello"));

        assertThat(again.headers().firstValue("x-gateway-cache")).hasValue("miss");
        assertThat(again.headers().firstValue("x-gateway-tools")).hasValue("calculator");
        // an answer without tool calls is kept as usual
        assertThat(helloAgain.headers().firstValue("x-gateway-cache")).hasValue("hit");
        assertThat(OPENAI.received()).hasSize(5);
    }

    private static String error(JsonNode toolMessage) {
        return json(toolMessage.path("content").asText()).path("error").asText();
    }

    private static JsonNode toolNamed(JsonNode request, String name) {
        for (JsonNode tool : request.path("tools")) {
            if (name.equals(tool.path("function").path("name").asText())) {
                return tool;
            }
        }
        throw new AssertionError("no tool " + name + " in " + request);
    }
}
