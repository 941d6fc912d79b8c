package io.llmgateway.usage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmgateway.support.FakeProvider;
import io.llmgateway.support.OpenAiWire;
import io.llmgateway.support.StoreGateway;
import io.llmgateway.support.TestDatabases;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

/** What reaches the ledger besides chats: refusals at the door (sampled, all counted), embeddings (charged), and the switch. */
class LedgerCoverageTest {

    private static final FakeProvider OPENAI = new FakeProvider(
            FakeProvider.Answer.json(200, OpenAiWire.completion("gpt-4o-mini-2024-07-18", "Hello from the fake")));

    @AfterAll
    static void stopFake() {
        OPENAI.close();
    }

    @Test
    void refusalsAreSampledAsRowsAndAllCountedInSpend() {
        try (StoreGateway gateway = StoreGateway.start(TestDatabases.newH2Url(), OPENAI, "gateway.ledger.refusal-rows-per-minute=3")) {
            for (int i = 0; i < 10; i++) {
                assertThat(gateway.chat("gk-not-a-key-" + i, "mock-gpt").statusCode()).isEqualTo(401);
            }
            await().atMost(Duration.ofSeconds(5)).until(() -> refused(gateway).path("requests").asLong() == 10);
            JsonNode counted = refused(gateway);
            assertThat(counted.path("errors").asLong()).isEqualTo(10);
            assertThat(counted.path("cost_usd").decimalValue()).isEqualByComparingTo("0");

            JsonNode rows = gateway.adminOk("GET", "/admin/requests?status=401", null).path("data");
            assertThat(rows.size()).isEqualTo(3);
            assertThat(rows.get(0).path("api").asText()).isEqualTo("chat");
            assertThat(absent(rows.get(0).path("key"))).isTrue();
            assertThat(rows.get(0).path("charged").asBoolean()).isFalse();
            assertThat(rows.toString()).doesNotContain("gk-not-a-key");
        }
    }

    @Test
    void embeddingsAreChargedTheirInputTokensAtTheInputPrice() {
        try (StoreGateway gateway = StoreGateway.start(TestDatabases.newH2Url(), OPENAI,
                "gateway.models[1].pricing.input=1000", "gateway.models[1].pricing.output=2000")) {
            var answer = gateway.send("POST", "/v1/embeddings", "{\"model\":\"mock-gpt\",\"input\":[\"hello world\",\"good night moon\"]}",
                    Map.of("Authorization", "Bearer " + StoreGateway.SEEDED_KEY));
            assertThat(answer.statusCode()).isEqualTo(200);
            long tokens = StoreGateway.json(answer.body()).path("usage").path("prompt_tokens").asLong();
            assertThat(tokens).isPositive();
            BigDecimal cost = BigDecimal.valueOf(tokens).multiply(new BigDecimal("0.001"));

            await().atMost(Duration.ofSeconds(5)).until(() -> gateway.adminOk("GET", "/admin/requests?key=seeded", null)
                    .path("data").size() == 1);
            JsonNode row = gateway.adminOk("GET", "/admin/requests?key=seeded", null).path("data").get(0);
            assertThat(row.path("api").asText()).isEqualTo("embeddings");
            assertThat(row.path("input_tokens").asLong()).isEqualTo(tokens);
            assertThat(row.path("output_tokens").asLong()).isZero();
            assertThat(row.path("charged").asBoolean()).isTrue();
            assertThat(row.path("cost_usd").decimalValue()).isEqualByComparingTo(cost);
            assertThat(gateway.adminOk("GET", "/admin/keys/seeded/usage", null).path("spent_usd").decimalValue())
                    .isEqualByComparingTo(cost);
        }
    }

    @Test
    void theLedgerSwitchedOffWritesNothing() {
        String url = TestDatabases.newH2Url();
        try (StoreGateway gateway = StoreGateway.start(url, OPENAI, "gateway.ledger.enabled=false")) {
            assertThat(gateway.chat(StoreGateway.SEEDED_KEY, "mock-gpt").statusCode()).isEqualTo(200);
            assertThat(gateway.chat("gk-not-a-key", "mock-gpt").statusCode()).isEqualTo(401);
            // this run's usage is still counted, in memory
            assertThat(gateway.adminOk("GET", "/admin/keys/seeded/usage", null).path("usage").path("requests").asLong()).isEqualTo(1);
        }
        // closed: a graceful stop writes whatever is queued, and nothing was
        JdbcClient sql = JdbcClient.create(TestDatabases.dataSource(url));
        assertThat(sql.sql("SELECT COUNT(*) FROM request_ledger").query(Long.class).single()).isZero();
        assertThat(sql.sql("SELECT COUNT(*) FROM spend_daily").query(Long.class).single()).isZero();
    }

    private static boolean absent(JsonNode value) {
        return value.isNull() || value.isMissingNode();
    }

    private static JsonNode refused(StoreGateway gateway) {
        for (JsonNode group : gateway.adminOk("GET", "/admin/spend?group_by=key,api", null).path("data")) {
            if (absent(group.path("key")) && "chat".equals(group.path("api").asText())) {
                return group;
            }
        }
        return com.fasterxml.jackson.databind.node.MissingNode.getInstance();
    }
}
