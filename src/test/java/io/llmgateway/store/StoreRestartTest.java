package io.llmgateway.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmgateway.support.FakeProvider;
import io.llmgateway.support.OpenAiWire;
import io.llmgateway.support.StoreGateway;
import io.llmgateway.support.TestDatabases;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Keys and spend survive a restart: a key made over the admin API spends its budget over real HTTP,
 * the gateway stops (a graceful stop flushes the ledger) and a new one (a new Spring context) on the
 * same database knows the key, its spend and that its budget is used up; a revoke is in force at once.
 * On the embedded default (an H2 file) and on a real PostgreSQL server.
 */
class StoreRestartTest {

    private static final FakeProvider OPENAI = new FakeProvider(
            FakeProvider.Answer.json(200, OpenAiWire.completion("gpt-4o-mini-2024-07-18", "Hello")));

    @AfterAll
    static void stopFake() {
        OPENAI.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void spendAndBudgetStateSurviveARestartAndARevokeIsInForceAtOnce(String database) {
        String url = database.equals("h2") ? TestDatabases.newH2Url() : TestDatabases.newPostgresUrl();
        JdbcClient sql = JdbcClient.create(TestDatabases.dataSource(url));
        String secret;
        JsonNode before;
        String windowed;
        Instant lastWindowed;
        try (StoreGateway first = StoreGateway.start(url, OPENAI)) {
            // each answer: 19 input and 10 output tokens at $1000 / $2000 per 1M = $0.039; three use up $0.1
            secret = first.adminOk("POST", "/admin/keys",
                    "{\"id\":\"survivor\",\"budget_usd\":0.1,\"budget_period\":\"month\"}").path("key").asText();
            for (int i = 0; i < 3; i++) {
                assertThat(first.chat(secret, StoreGateway.PRICED_MODEL).statusCode()).isEqualTo(200);
            }
            assertThat(first.chat(secret, StoreGateway.PRICED_MODEL).statusCode()).isEqualTo(429);
            before = first.adminOk("GET", "/admin/keys/survivor/usage", null);
            windowed = first.adminOk("POST", "/admin/keys", "{\"id\":\"windowed\",\"tokens_per_minute\":1000}").path("key").asText();
            for (int i = 0; i < 2; i++) {
                assertThat(first.chat(windowed, StoreGateway.PRICED_MODEL).statusCode()).isEqualTo(200);
            }
            lastWindowed = Instant.now();
            // written within the flush interval, without waiting for a shutdown
            await().atMost(Duration.ofSeconds(5)).until(() -> rows(sql, "survivor") >= 4 && rows(sql, "windowed") >= 2);
        }
        assertThat(before.path("spent_usd").decimalValue()).isEqualByComparingTo("0.117");
        assertThat(before.path("budget_exceeded").asBoolean()).isTrue();
        // three answered, one refused with 429: every request has its row, none twice
        assertThat(rows(sql, "survivor")).isEqualTo(4);
        assertThat(sql.sql("SELECT COUNT(*) FROM request_ledger WHERE key_id = 'survivor' AND status = 200").query(Long.class).single())
                .isEqualTo(3);
        assertThat(sql.sql("SELECT COUNT(DISTINCT entry_id) FROM request_ledger").query(Long.class).single())
                .isEqualTo(sql.sql("SELECT COUNT(*) FROM request_ledger").query(Long.class).single());

        try (StoreGateway second = StoreGateway.start(url, OPENAI)) {
            JsonNode after = second.adminOk("GET", "/admin/keys/survivor/usage", null);

            assertThat(after.path("spent_usd").decimalValue()).isEqualByComparingTo(before.path("spent_usd").decimalValue());
            assertThat(after.path("usage")).isEqualTo(before.path("usage"));
            assertThat(after.path("budget_exceeded").asBoolean()).isTrue();
            assertThat(second.chat(secret, StoreGateway.PRICED_MODEL).statusCode()).isEqualTo(429);

            // the tokens-per-minute window still holds the 58 tokens used before the restart, less what
            // refilled since; a fresh window would show 1000 - 29 after this request's own 29
            HttpResponse<String> windowedAnswer = second.chat(windowed, StoreGateway.PRICED_MODEL);
            assertThat(windowedAnswer.statusCode()).isEqualTo(200);
            long remaining = Long.parseLong(windowedAnswer.headers().firstValue("x-ratelimit-remaining-tokens").orElseThrow());
            if (Duration.between(lastWindowed, Instant.now()).toSeconds() < 50) {
                assertThat(remaining).isLessThan(1000 - 29);
            }

            second.adminOk("PATCH", "/admin/keys/survivor", "{\"budget_usd\":null}");
            assertThat(second.chat(secret, StoreGateway.PRICED_MODEL).statusCode()).isEqualTo(200);
            second.adminOk("POST", "/admin/keys/survivor/revoke", null);
            assertThat(second.chat(secret, StoreGateway.PRICED_MODEL).statusCode()).isEqualTo(401);
        }
    }

    private static long rows(JdbcClient sql, String keyId) {
        return sql.sql("SELECT COUNT(*) FROM request_ledger WHERE key_id = ?").param(keyId).query(Long.class).single();
    }
}
