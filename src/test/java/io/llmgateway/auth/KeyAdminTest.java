package io.llmgateway.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmgateway.support.FakeProvider;
import io.llmgateway.support.OpenAiWire;
import io.llmgateway.support.StoreGateway;
import io.llmgateway.support.TestDatabases;
import io.llmgateway.store.KeyRows;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Keys as data over the admin API, used over real HTTP, on the embedded default (an H2 file). */
class KeyAdminTest {

    private static final FakeProvider OPENAI = new FakeProvider(
            FakeProvider.Answer.json(200, OpenAiWire.completion("gpt-4o-mini-2024-07-18", "Hello")));
    private static String database;
    private static StoreGateway gateway;

    @BeforeAll
    static void start() {
        database = TestDatabases.newH2Url();
        gateway = StoreGateway.start(database, OPENAI);
    }

    @AfterAll
    static void stop() {
        gateway.close();
        OPENAI.close();
    }

    @Test
    void aCreatedKeyIsAnsweredOnceKeptAsItsHashAndWorksAtOnce() {
        JsonNode created = gateway.adminOk("POST", "/admin/keys",
                "{\"id\":\"team-b\",\"name\":\"Team B\",\"models\":[\"mock-gpt\"],\"metadata\":{\"owner\":\"b@example.com\"}}");
        String secret = created.path("key").asText();

        assertThat(secret).startsWith("gk-").hasSizeGreaterThan(40);
        assertThat(created.path("status").asText()).isEqualTo("active");
        assertThat(created.path("source").asText()).isEqualTo("api");
        assertThat(gateway.chat(secret, "mock-gpt").statusCode()).isEqualTo(200);
        assertThat(gateway.chat(secret, StoreGateway.PRICED_MODEL).statusCode()).isEqualTo(403);

        String read = gateway.admin("GET", "/admin/keys/team-b", null).body();
        assertThat(read).doesNotContain(secret).doesNotContain(KeyHash.of(secret));
        assertThat(StoreGateway.json(read).has("key")).isFalse();
        assertThat(StoreGateway.json(read).at("/metadata/owner").asText()).isEqualTo("b@example.com");
        assertThat(gateway.bean(KeyRows.class).find("team-b").orElseThrow().keyHash()).isEqualTo(KeyHash.of(secret));

        JsonNode list = gateway.adminOk("GET", "/admin/keys", null);
        assertThat(list.path("data").findValuesAsText("id")).contains("team-b", "seeded");
        assertThat(gateway.admin("POST", "/admin/keys", "{\"id\":\"team-b\"}").statusCode()).isEqualTo(409);
    }

    @Test
    void theConfiguredKeyIsSeededAndKeepsWorking() {
        JsonNode seeded = gateway.adminOk("GET", "/admin/keys/seeded", null);

        assertThat(seeded.path("source").asText()).isEqualTo("config");
        assertThat(gateway.chat(StoreGateway.SEEDED_KEY, "mock-gpt").statusCode()).isEqualTo(200);
        assertThat(gateway.chat("gk-not-a-key", "mock-gpt").statusCode()).isEqualTo(401);
        // changed in the configuration, where it would win at the next start anyway
        assertThat(gateway.admin("POST", "/admin/keys/seeded/rotate", null).statusCode()).isEqualTo(409);
        assertThat(gateway.admin("PATCH", "/admin/keys/seeded", "{\"max_tokens\":5}").statusCode()).isEqualTo(409);
    }

    @Test
    void aPatchIsInForceOnTheNextRequest() {
        String secret = gateway.adminOk("POST", "/admin/keys", "{\"models\":[\"mock-gpt\"]}").path("key").asText();
        String id = gateway.bean(GatewayKeys.class).keyIdFor(secret);
        assertThat(gateway.chat(secret, StoreGateway.PRICED_MODEL).statusCode()).isEqualTo(403);

        JsonNode patched = gateway.adminOk("PATCH", "/admin/keys/" + id, "{\"models\":null,\"max_messages\":5}");

        assertThat(patched.path("models").size()).isZero();
        assertThat(patched.path("max_messages").asInt()).isEqualTo(5);
        assertThat(gateway.chat(secret, StoreGateway.PRICED_MODEL).statusCode()).isEqualTo(200);
        assertThat(gateway.admin("PATCH", "/admin/keys/" + id, "{\"max_tokens\":-1}").statusCode()).isEqualTo(400);
        assertThat(gateway.admin("PATCH", "/admin/keys/nobody", "{}").statusCode()).isEqualTo(404);
    }

    @Test
    void aRotatedKeysOldSecretWorksForItsGracePeriodOnly() {
        String first = gateway.adminOk("POST", "/admin/keys", "{\"id\":\"rotating\"}").path("key").asText();

        JsonNode rotated = gateway.adminOk("POST", "/admin/keys/rotating/rotate", "{\"grace_period\":\"1h\"}");
        String second = rotated.path("key").asText();
        assertThat(second).isNotEqualTo(first);
        assertThat(rotated.has("previous_key_valid_until")).isTrue();
        assertThat(gateway.chat(second, "mock-gpt").statusCode()).isEqualTo(200);
        assertThat(gateway.chat(first, "mock-gpt").statusCode()).isEqualTo(200);

        String third = gateway.adminOk("POST", "/admin/keys/rotating/rotate", "{\"grace_period\":\"0s\"}").path("key").asText();
        assertThat(gateway.chat(third, "mock-gpt").statusCode()).isEqualTo(200);
        assertThat(gateway.chat(second, "mock-gpt").statusCode()).isEqualTo(401);
        assertThat(gateway.chat(first, "mock-gpt").statusCode()).isEqualTo(401);
    }

    @Test
    void aRevokedKeyGets401AtOnceAndAnExpiredOneToo() {
        String secret = gateway.adminOk("POST", "/admin/keys", "{\"id\":\"leaving\"}").path("key").asText();
        assertThat(gateway.chat(secret, "mock-gpt").statusCode()).isEqualTo(200);

        JsonNode revoked = gateway.adminOk("POST", "/admin/keys/leaving/revoke", null);

        assertThat(revoked.path("status").asText()).isEqualTo("revoked");
        assertThat(gateway.chat(secret, "mock-gpt").statusCode()).isEqualTo(401);
        String expired = gateway.adminOk("POST", "/admin/keys", "{\"expires_at\":\"2020-01-01T00:00:00Z\"}").path("key").asText();
        assertThat(gateway.chat(expired, "mock-gpt").statusCode()).isEqualTo(401);
    }

    @Test
    void aKeyRevokedByAnotherInstanceGets401WithinASecond() {
        String secret = gateway.adminOk("POST", "/admin/keys", "{\"id\":\"elsewhere\"}").path("key").asText();
        assertThat(gateway.chat(secret, "mock-gpt").statusCode()).isEqualTo(200);

        // what another gateway instance's revoke writes, straight into the shared database
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        JdbcClient.create(TestDatabases.dataSource(database))
                .sql("UPDATE gateway_key SET revoked_at = ?, updated_at = ?, version = version + 1 WHERE id = 'elsewhere'")
                .params(now, now).update();
        Instant written = Instant.now();

        // the poll runs every 500 ms; the bound leaves room for a busy machine, the log says how long it took
        await().atMost(Duration.ofSeconds(2)).pollInterval(Duration.ofMillis(20))
                .until(() -> gateway.chat(secret, "mock-gpt").statusCode() == 401);
        System.out.println("revocation by another instance in force after " + Duration.between(written, Instant.now()).toMillis() + " ms");
    }
}
