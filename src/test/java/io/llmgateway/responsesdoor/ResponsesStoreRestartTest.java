package io.llmgateway.responsesdoor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmgateway.support.FakeProvider;
import io.llmgateway.support.OpenAiWire;
import io.llmgateway.support.StoreGateway;
import io.llmgateway.support.TestDatabases;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * gateway.responses.store: database. A conversation stored by one gateway continues on the next
 * (a new Spring context on the same database, as after a restart): GET /v1/responses/{id}, its
 * input_items and previous_response_id; still the creating key's only; DELETE removes the row.
 * And the responses-retention route deletes the rows past their TTL, only those.
 */
class ResponsesStoreRestartTest {

    private static final FakeProvider OPENAI = new FakeProvider(
            FakeProvider.Answer.json(200, OpenAiWire.completion("gpt-4o-mini-2024-07-18", "Hello")));

    @AfterAll
    static void stopFake() {
        OPENAI.close();
    }

    private static HttpResponse<String> call(StoreGateway gateway, String secret, String method, String path, String body) {
        return gateway.send(method, path, body, Map.of("Authorization", "Bearer " + secret));
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void aStoredConversationContinuesAfterARestart(String database) {
        String url = database.equals("h2") ? TestDatabases.newH2Url() : TestDatabases.newPostgresUrl();
        String id;
        String other;
        try (StoreGateway first = StoreGateway.start(url, OPENAI, "gateway.responses.store=database")) {
            assertThat(first.bean(ResponseStore.class)).isInstanceOf(JdbcResponseStore.class);
            other = first.adminOk("POST", "/admin/keys", "{\"id\":\"someone-else\"}").path("key").asText();
            HttpResponse<String> created = call(first, StoreGateway.SEEDED_KEY, "POST", "/v1/responses",
                    "{\"model\":\"" + StoreGateway.PRICED_MODEL + "\",\"input\":\"My name is Ada.\"}");
            assertThat(created.statusCode()).as(created.body()).isEqualTo(200);
            id = StoreGateway.json(created.body()).path("id").asText();
        }

        try (StoreGateway second = StoreGateway.start(url, OPENAI, "gateway.responses.store=database")) {
            HttpResponse<String> stored = call(second, StoreGateway.SEEDED_KEY, "GET", "/v1/responses/" + id, null);
            assertThat(stored.statusCode()).as(stored.body()).isEqualTo(200);
            assertThat(StoreGateway.json(stored.body()).path("output_text").asText()).isEqualTo("Hello");
            JsonNode items = StoreGateway.json(call(second, StoreGateway.SEEDED_KEY, "GET",
                    "/v1/responses/" + id + "/input_items", null).body());
            assertThat(items.path("data").get(0).path("content").get(0).path("text").asText()).isEqualTo("My name is Ada.");
            assertThat(call(second, other, "GET", "/v1/responses/" + id, null).statusCode()).isEqualTo(404);

            HttpResponse<String> next = call(second, StoreGateway.SEEDED_KEY, "POST", "/v1/responses",
                    "{\"model\":\"" + StoreGateway.PRICED_MODEL + "\",\"input\":\"What is my name?\",\"previous_response_id\":\""
                            + id + "\"}");
            assertThat(next.statusCode()).as(next.body()).isEqualTo(200);
            // the earlier turn went upstream again: input, then the stored answer, then the new input
            JsonNode messages = StoreGateway.json(OPENAI.last().body()).path("messages");
            int n = messages.size();
            assertThat(messages.get(n - 3).path("content").toString()).contains("My name is Ada.");
            assertThat(messages.get(n - 2).path("role").asText()).isEqualTo("assistant");
            assertThat(messages.get(n - 2).path("content").toString()).contains("Hello");
            assertThat(messages.get(n - 1).path("content").toString()).contains("What is my name?");

            assertThat(call(second, other, "DELETE", "/v1/responses/" + id, null).statusCode()).isEqualTo(404);
            assertThat(call(second, StoreGateway.SEEDED_KEY, "DELETE", "/v1/responses/" + id, null).statusCode()).isEqualTo(200);
            assertThat(call(second, StoreGateway.SEEDED_KEY, "GET", "/v1/responses/" + id, null).statusCode()).isEqualTo(404);
        }
    }

    @Test
    void theRetentionRouteDeletesExpiredRowsOnly() {
        String url = TestDatabases.newH2Url();
        JdbcClient sql = JdbcClient.create(TestDatabases.dataSource(url));
        try (StoreGateway gateway = StoreGateway.start(url, OPENAI, "gateway.responses.store=database",
                "gateway.responses.prune-interval=1s")) {
            // a row whose TTL ran out an hour ago, as another instance (or an earlier run) left it
            OffsetDateTime hourAgo = OffsetDateTime.now(ZoneOffset.UTC).minusHours(1);
            byte[] empty = "[]".getBytes(StandardCharsets.UTF_8);
            sql.sql("INSERT INTO stored_response VALUES (?, ?, ?, ?, ?, ?, ?, ?)")
                    .params("resp_expired", StoreGateway.SEEDED_KEY, empty, empty, empty, 6, hourAgo.minusHours(1), hourAgo)
                    .update();
            HttpResponse<String> created = call(gateway, StoreGateway.SEEDED_KEY, "POST", "/v1/responses",
                    "{\"model\":\"" + StoreGateway.PRICED_MODEL + "\",\"input\":\"Hi\"}");
            assertThat(created.statusCode()).as(created.body()).isEqualTo(200);
            String id = StoreGateway.json(created.body()).path("id").asText();

            await().atMost(Duration.ofSeconds(30)).until(() -> sql.sql("SELECT response_id FROM stored_response")
                    .query(String.class).list().equals(List.of(id)));
        }
    }
}
