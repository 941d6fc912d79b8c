package io.llmgateway.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmgateway.support.FakeProvider.Answer;
import io.llmgateway.support.GatewayKeysTestSupport;
import io.llmgateway.support.LogCapture;
import io.llmgateway.support.OpenAiWire;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.ClassOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * Every log line of the test run (LogCapture, declared in logback-test.xml) is scanned for the
 * configured secrets: provider API keys from gateway-fakes.yaml, gateway keys and the admin key.
 * Runs last ({@link ClassOrderer.OrderAnnotation}, see junit-platform.properties) so the whole
 * suite's output is covered, after driving once more every path that handles a secret.
 */
@Order(Integer.MAX_VALUE)
class SecretsInLogsTest extends GatewayKeysTestSupport {

    private static final String CHAT = """
            {"model":"%s","messages":[{"role":"user","content":"hi"}]}""";

    @Test
    void noConfiguredSecretAppearsInAnyLogLine() {
        OPENAI.reset(Answer.json(200, OpenAiWire.completion("gpt-4o-mini-2024-07-18", "Hello from fake OpenAI")));
        // the provider echoes its own key in an error, as OpenAI does for a wrong key
        OPENAI.enqueue(Answer.json(401, OpenAiWire.error("Incorrect API key provided: " + FAKE_OPENAI_KEY + ".",
                "invalid_request_error", null, "invalid_api_key")));
        // and fails hard once, so a warning with the provider's details is logged
        OPENAI.enqueue(Answer.json(500, OpenAiWire.error("upstream broke for key " + FAKE_OPENAI_KEY, "server_error", null, null)));
        for (String key : List.of(TEAM_A_KEY, HASHED_KEY, MOCK_ONLY_KEY, RPM_KEY, TPM_KEY, BUDGET_KEY, CAPPED_KEY)) {
            post("/v1/chat/completions", CHAT.formatted("gpt-4o-mini"), bearer(key));
            post("/v1/chat/completions", CHAT.formatted("mock-gpt"), Map.of("x-api-key", key));
        }
        post("/v1/chat/completions", CHAT.formatted("gpt-4o-mini"), bearer(ADMIN_KEY));
        post("/v1/chat/completions", CHAT.formatted("dead-model"), bearer(TEAM_A_KEY));
        send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(url("/admin/keys/team-a/usage")))
                .header("Authorization", "Bearer " + ADMIN_KEY).GET().build());
        send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(url("/admin/keys/team-a/usage")))
                .header("Authorization", "Bearer " + TEAM_A_KEY).GET().build());

        List<String> lines = LogCapture.lines();
        // the capture really saw the run: startup, request lines, warnings
        assertThat(lines).anyMatch(l -> l.contains("io.llmgateway.requests") && l.contains("key=team-a"));
        assertThat(lines).anyMatch(l -> l.contains("Started") || l.contains("Apache Camel"));
        assertThat(lines).anyMatch(l -> l.startsWith("WARN") && l.contains("fake-openai"));
        for (String secret : SECRETS) {
            assertThat(lines).as("log lines containing a configured secret")
                    .noneMatch(l -> l.contains(secret));
        }
    }
}
