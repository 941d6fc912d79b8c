package io.llmgateway.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.llmgateway.core.KeysProperties;
import io.llmgateway.store.KeyRows;
import io.llmgateway.store.StoredKey;
import io.llmgateway.support.TestDatabases;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

/** gateway.keys into the store at start, on a real H2 file: the configuration wins, dropped keys are revoked. */
class KeySeederTest {

    private final KeyRows rows = new KeyRows(JdbcClient.create(TestDatabases.migratedH2()));

    @Test
    void configuredKeysAreSeededOnceAndTheConfigurationWinsOnConflict() {
        KeysProperties config = config("team", "gk-team-secret", new BigDecimal("5"));
        new KeySeeder(config, rows).seed();
        StoredKey first = rows.find("team").orElseThrow();
        assertThat(first.keyHash()).isEqualTo(KeyHash.of("gk-team-secret"));
        assertThat(first.source()).isEqualTo(StoredKey.CONFIG);

        // unchanged configuration: nothing is written again
        new KeySeeder(config, rows).seed();
        assertThat(rows.find("team").orElseThrow().version()).isEqualTo(first.version());

        // the store says otherwise (an API change, a revoke): the configuration wins
        rows.update(new StoredKey("team", "Team", first.keyHash(), null, null, List.of("x"), 1, null, BigDecimal.ONE, "day",
                null, null, null, "{\"a\":1}", StoredKey.API, Instant.now(), first.createdAt(), Instant.now(), first.version()));
        new KeySeeder(config("team", "gk-team-secret-2", new BigDecimal("7")), rows).seed();
        StoredKey after = rows.find("team").orElseThrow();
        assertThat(after.keyHash()).isEqualTo(KeyHash.of("gk-team-secret-2"));
        assertThat(after.budgetUsd()).isEqualByComparingTo("7");
        assertThat(after.budgetPeriod()).isEqualTo("month");
        assertThat(after.models()).isEmpty();
        assertThat(after.revokedAt()).isNull();
        assertThat(after.source()).isEqualTo(StoredKey.CONFIG);
        assertThat(after.name()).isEqualTo("Team");
        assertThat(after.metadata()).isEqualTo("{\"a\":1}");
    }

    @Test
    void aKeyTakenOutOfTheConfigurationIsRevokedAndApiKeysStay() {
        new KeySeeder(config("leaving", "gk-leaving", null), rows).seed();
        Instant now = Instant.now();
        rows.insert(new StoredKey("made-by-api", "api", KeyHash.of("gk-api"), null, null, List.of(), null, null, null, "month",
                null, null, null, null, StoredKey.API, null, now, now, 0));

        new KeySeeder(config("staying", "gk-staying", null), rows).seed();

        assertThat(rows.find("leaving").orElseThrow().revokedAt()).isNotNull();
        assertThat(rows.find("made-by-api").orElseThrow().revokedAt()).isNull();
        assertThat(rows.find("staying").orElseThrow().revokedAt()).isNull();
    }

    @Test
    void twoConfiguredKeysWithOneValueStopTheStart() {
        KeysProperties config = config("a", "gk-same", null);
        KeysProperties.Key b = new KeysProperties.Key();
        b.setKeySha256(KeyHash.of("gk-same").toUpperCase());
        config.getKeys().put("b", b);

        assertThatThrownBy(() -> new KeySeeder(config, rows).seed()).hasMessageContaining("same value");
    }

    private static KeysProperties config(String id, String secret, BigDecimal budget) {
        KeysProperties properties = new KeysProperties();
        KeysProperties.Key key = new KeysProperties.Key();
        key.setKey(secret);
        key.setBudgetUsd(budget);
        properties.getKeys().put(id, key);
        return properties;
    }
}
