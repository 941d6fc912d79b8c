package io.llmgateway.responsesdoor;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmgateway.support.FakeProvider.Answer;
import io.llmgateway.support.GatewayTestSupport;
import io.llmgateway.support.LogCapture;
import io.llmgateway.support.OpenAiWire;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The same conversation through /v1/chat/completions and /v1/responses reaches the provider as the
 * same request and is recorded with the same tokens and cost: as the vendor reported them, and as
 * the gateway estimates them when the vendor reports none.
 */
class ResponsesUsageParityTest extends GatewayTestSupport {

    private static final String CHAT = """
            {"model": "gpt-4o-mini", "messages": [
              {"role": "system", "content": "You are a careful assistant."},
              {"role": "user", "content": "What is the capital of France?"},
              {"role": "assistant", "content": "Paris."},
              {"role": "user", "content": "And of Italy?"}]}""";
    private static final String RESPONSES = """
            {"model": "gpt-4o-mini", "instructions": "You are a careful assistant.", "store": false, "input": [
              {"role": "user", "content": "What is the capital of France?"},
              {"role": "assistant", "content": "Paris."},
              {"role": "user", "content": "And of Italy?"}]}""";
    private static final Pattern FIELD = Pattern.compile(
            "\\b(input_tokens|cached_input_tokens|output_tokens|tokens_estimated|cost_usd)=(\\S+)");

    @BeforeEach
    void setUp() {
        OPENAI.reset(Answer.json(200, OpenAiWire.completion("gpt-4o-mini-2024-07-18", "Rome.")));
    }

    @Test
    void reportedUsageCostsTheSameThroughBothDoors() {
        Recorded chat = call("/v1/chat/completions", CHAT);
        Recorded responses = call("/v1/responses", RESPONSES);

        assertThat(responses.upstreamMessages).isEqualTo(chat.upstreamMessages);
        assertThat(chat.costHeader).isEqualTo("0.00000885");
        assertThat(responses.costHeader).isEqualTo(chat.costHeader);
        assertThat(chat.logged).containsEntry("input_tokens", "19").containsEntry("output_tokens", "10");
        assertThat(responses.logged).isEqualTo(chat.logged);
        assertThat(responses.body.path("usage").path("input_tokens").asLong()).isEqualTo(19);
        assertThat(responses.body.path("usage").path("output_tokens").asLong()).isEqualTo(10);
    }

    @Test
    void estimatedUsageCostsTheSameThroughBothDoors() {
        String noUsage = OpenAiWire.completion("gpt-4o-mini-2024-07-18", "Rome is the capital of Italy.")
                .replaceAll("(?s),\\s*\"usage\": \\{.*?\\}\\s*\\}", "");
        assertThat(noUsage).doesNotContain("\"usage\"");
        OPENAI.setDefault(Answer.json(200, noUsage));

        Recorded chat = call("/v1/chat/completions", CHAT);
        Recorded responses = call("/v1/responses", RESPONSES);

        assertThat(chat.logged).containsEntry("tokens_estimated", "true");
        assertThat(responses.logged).isEqualTo(chat.logged);
        assertThat(responses.costHeader).isNotNull().isEqualTo(chat.costHeader);
        // the Response reports what the gateway recorded
        assertThat(responses.body.path("usage").path("input_tokens").asText()).isEqualTo(chat.logged.get("input_tokens"));
        assertThat(responses.body.path("usage").path("output_tokens").asText()).isEqualTo(chat.logged.get("output_tokens"));
    }

    private record Recorded(JsonNode body, JsonNode upstreamMessages, String costHeader, Map<String, String> logged) {
    }

    private Recorded call(String path, String body) {
        HttpResponse<String> response = post(path, body, Map.of("Authorization", "Bearer parity-caller"));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        String requestId = response.headers().firstValue("x-request-id").orElseThrow();
        Map<String, String> logged = new LinkedHashMap<>();
        Matcher fields = FIELD.matcher(LogCapture.requestLine(requestId));
        while (fields.find()) {
            logged.put(fields.group(1), fields.group(2));
        }
        return new Recorded(json(response.body()), json(OPENAI.last().body()).path("messages"),
                response.headers().firstValue("x-gateway-cost-usd").orElse(null), logged);
    }
}
