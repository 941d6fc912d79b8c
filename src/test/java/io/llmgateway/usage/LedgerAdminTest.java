package io.llmgateway.usage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmgateway.store.LedgerEntry;
import io.llmgateway.store.LedgerRows;
import io.llmgateway.support.FakeProvider;
import io.llmgateway.support.OpenAiWire;
import io.llmgateway.support.StoreGateway;
import io.llmgateway.support.TestDatabases;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.camel.CamelContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.jdbc.core.simple.JdbcClient;

/** GET /admin/requests and /admin/spend over real traffic, and retention, on H2 and on PostgreSQL. */
class LedgerAdminTest {

    private static final FakeProvider OPENAI = new FakeProvider(
            FakeProvider.Answer.json(200, OpenAiWire.completion("gpt-4o-mini-2024-07-18", "Hello from the fake")));

    @AfterAll
    static void stopFake() {
        OPENAI.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void historySpendAndRetention(String database) {
        String url = database.equals("h2") ? TestDatabases.newH2Url() : TestDatabases.newPostgresUrl();
        try (StoreGateway gateway = StoreGateway.start(url, OPENAI, "gateway.ledger.retention=7d", "gateway.ledger.prune-batch-size=2")) {
            String secret = gateway.adminOk("POST", "/admin/keys", "{\"id\":\"reporter\"}").path("key").asText();
            for (int i = 0; i < 3; i++) {
                assertThat(gateway.chat(secret, StoreGateway.PRICED_MODEL).statusCode()).isEqualTo(200);
            }
            for (int i = 0; i < 2; i++) {
                assertThat(gateway.chat(secret, "mock-gpt").statusCode()).isEqualTo(200);
            }
            assertThat(gateway.chat(StoreGateway.SEEDED_KEY, "mock-gpt").statusCode()).isEqualTo(200);
            await().atMost(Duration.ofSeconds(5)).until(() -> gateway.adminOk("GET", "/admin/requests?key=reporter", null)
                    .path("data").size() == 5);
            // the Anthropic door writes its row too
            assertThat(gateway.send("POST", "/v1/messages",
                    "{\"model\":\"mock-gpt\",\"max_tokens\":10,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}",
                    java.util.Map.of("x-api-key", StoreGateway.SEEDED_KEY, "anthropic-version", "2023-06-01")).statusCode()).isEqualTo(200);
            await().atMost(Duration.ofSeconds(5)).until(() -> gateway.adminOk("GET", "/admin/requests?key=seeded", null)
                    .path("data").size() == 2);

            JsonNode all = gateway.adminOk("GET", "/admin/requests?key=reporter", null);
            JsonNode newest = all.path("data").get(0);
            assertThat(newest.path("model").asText()).isEqualTo("mock-gpt");
            assertThat(newest.path("door").asText()).isEqualTo("http");
            assertThat(newest.path("status").asInt()).isEqualTo(200);
            assertThat(all.toString()).doesNotContain("Hello from the fake").doesNotContain(secret);
            assertThat(all.path("next_cursor").isMissingNode() || all.path("next_cursor").isNull()).isTrue();
            JsonNode priced = gateway.adminOk("GET", "/admin/requests?key=reporter&model=gpt-4o-mini", null).path("data");
            assertThat(priced.size()).isEqualTo(3);
            assertThat(priced.get(0).path("provider").asText()).isEqualTo("fake-openai");
            assertThat(priced.get(0).path("upstream_model").asText()).isEqualTo("gpt-4o-mini");
            assertThat(priced.get(0).path("input_tokens").asLong()).isEqualTo(19);
            assertThat(priced.get(0).path("cost_usd").decimalValue()).isEqualByComparingTo("0.039");
            assertThat(gateway.adminOk("GET", "/admin/requests?provider=mock", null).path("data").size()).isEqualTo(4);
            assertThat(gateway.adminOk("GET", "/admin/requests?key=reporter&status=429", null).path("data").size()).isZero();
            assertThat(gateway.adminOk("GET", "/admin/requests?key=reporter&from=" + Instant.now().plusSeconds(60), null)
                    .path("data").size()).isZero();

            // pages of two follow each other without gaps or repeats
            Set<String> seen = new HashSet<>();
            String cursor = null;
            int pages = 0;
            do {
                JsonNode page = gateway.adminOk("GET", "/admin/requests?limit=2" + (cursor == null ? "" : "&cursor=" + cursor), null);
                page.path("data").forEach(row -> assertThat(seen.add(row.path("entry_id").asText())).isTrue());
                cursor = page.path("next_cursor").isTextual() ? page.path("next_cursor").asText() : null;
                pages++;
            } while (cursor != null && pages < 10);
            assertThat(seen).hasSize(7);
            assertThat(gateway.admin("GET", "/admin/requests?cursor=garbage!", null).statusCode()).isEqualTo(400);

            JsonNode spend = gateway.adminOk("GET", "/admin/spend?group_by=key,model", null);
            assertThat(spend.path("total_cost_usd").decimalValue()).isEqualByComparingTo("0.117");
            JsonNode pricedGroup = find(spend, "reporter", "gpt-4o-mini");
            assertThat(pricedGroup.path("requests").asLong()).isEqualTo(3);
            assertThat(pricedGroup.path("output_tokens").asLong()).isEqualTo(30);
            assertThat(pricedGroup.path("cost_usd").decimalValue()).isEqualByComparingTo("0.117");
            assertThat(find(spend, "seeded", "mock-gpt").path("requests").asLong()).isEqualTo(2);
            JsonNode byDay = gateway.adminOk("GET", "/admin/spend?group_by=day", null).path("data");
            assertThat(byDay.size()).isEqualTo(1);
            assertThat(byDay.get(0).path("day").asText()).isEqualTo(LocalDate.now(ZoneOffset.UTC).toString());
            assertThat(byDay.get(0).path("requests").asLong()).isEqualTo(7);
            assertThat(gateway.admin("GET", "/admin/spend?group_by=colour", null).statusCode()).isEqualTo(400);
            JsonNode byApi = gateway.adminOk("GET", "/admin/spend?group_by=api", null).path("data");
            assertThat(byApi.size()).isEqualTo(2);
            assertThat(byApi.get(0).path("api").asText()).isEqualTo("chat");
            assertThat(byApi.get(0).path("requests").asLong()).isEqualTo(6);
            assertThat(byApi.get(1).path("api").asText()).isEqualTo("messages");
            assertThat(gateway.adminOk("GET", "/admin/requests?key=seeded", null).path("data").get(0).path("api").asText())
                    .isEqualTo("messages");

            // retention: rows older than 7 days go, in batches of two; today's stay
            List<LedgerEntry> old = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                Instant when = Instant.now().minus(Duration.ofDays(8 + i));
                old.add(new LedgerEntry("old-" + i, "req-old-" + i, "http", "chat", "reporter", "reporter", "gpt-4o-mini", "fake-openai",
                        "gpt-4o-mini", 200, 1, 0, 1, false, true, BigDecimal.ONE, 5L, 4L, null, when, when));
            }
            gateway.bean(LedgerRows.class).insert(old);
            JdbcClient sql = JdbcClient.create(TestDatabases.dataSource(url));
            assertThat(count(sql)).isEqualTo(10);
            // the rollup took the old days in the same transaction as their rows
            String range = "/admin/spend?group_by=day&from=" + LocalDate.now(ZoneOffset.UTC).minusDays(11);
            assertThat(gateway.adminOk("GET", range, null).path("data").size()).isEqualTo(4);
            assertThat(gateway.adminOk("GET", range, null).path("total_cost_usd").decimalValue()).isEqualByComparingTo("3.117");

            assertThat(gateway.bean(LedgerAdmin.class).prune()).isEqualTo(3);
            assertThat(count(sql)).isEqualTo(7);
            // and retention took them from both
            assertThat(gateway.adminOk("GET", range, null).path("data").size()).isEqualTo(1);
            assertThat(gateway.adminOk("GET", range, null).path("total_cost_usd").decimalValue()).isEqualByComparingTo("0.117");
            assertThat(gateway.bean(CamelContext.class).getRouteController().getRouteStatus("ledger-retention").isStarted()).isTrue();
        }
    }

    private static JsonNode find(JsonNode spend, String key, String model) {
        for (JsonNode row : spend.path("data")) {
            if (key.equals(row.path("key").asText()) && model.equals(row.path("model").asText())) {
                return row;
            }
        }
        throw new AssertionError("no group " + key + "/" + model + " in " + spend);
    }

    private static long count(JdbcClient sql) {
        return sql.sql("SELECT COUNT(*) FROM request_ledger").query(Long.class).single();
    }
}
