package io.llmgateway.auth;

import io.llmgateway.core.KeysProperties;
import io.llmgateway.core.KeysProperties.Key;
import io.llmgateway.store.KeyRows;
import io.llmgateway.store.StoredKey;
import java.time.Instant;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Component;

/**
 * Puts the keys of gateway.keys into the store at start. The configuration wins: a stored key with
 * the same id takes the configured value and limits (logged), and a key seeded from the
 * configuration earlier but no longer listed there is revoked, so deleting it from the file locks
 * it out. Keys created over the admin API are left alone.
 */
@Component
public class KeySeeder {

    private static final Logger LOG = LoggerFactory.getLogger(KeySeeder.class);

    private final KeysProperties properties;
    private final KeyRows rows;

    public KeySeeder(KeysProperties properties, KeyRows rows) {
        this.properties = properties;
        this.rows = rows;
    }

    void seed() {
        Instant now = Instant.now();
        Map<String, StoredKey> stored = new HashMap<>();
        rows.all().forEach(row -> stored.put(row.id(), row));
        Map<String, String> idByHash = new HashMap<>();
        for (Map.Entry<String, Key> entry : properties.getKeys().entrySet()) {
            String id = entry.getKey();
            Key key = entry.getValue();
            String hash = hashOf(key.getKey(), key.getKeySha256());
            if (hash == null) {
                // Configured but empty (an unset variable): the entry still closes the gateway, it just never matches.
                LOG.warn("Gateway key '{}' has no value (key or key-sha256 empty); no request can use it", id);
            } else {
                String other = idByHash.putIfAbsent(hash, id);
                if (other != null) {
                    throw new IllegalStateException("Gateway keys '" + other + "' and '" + id + "' have the same value");
                }
            }
            write(id, key, hash, stored.get(id), now);
        }
        for (StoredKey row : stored.values()) {
            if (StoredKey.CONFIG.equals(row.source()) && row.revokedAt() == null && !properties.getKeys().containsKey(row.id())) {
                rows.update(copy(row, row.keyHash(), row.source(), now, now));
                LOG.info("Gateway key '{}' was seeded from gateway.keys and is no longer there: revoked", row.id());
            }
        }
    }

    private void write(String id, Key key, String hash, StoredKey stored, Instant now) {
        StoredKey existing = stored;
        StoredKey configured = new StoredKey(id, existing == null ? id : existing.name(), hash, null, null, key.getModels(),
                key.getRequestsPerMinute(), key.getTokensPerMinute(), key.getBudgetUsd(),
                key.getBudgetPeriod().name().toLowerCase(Locale.ROOT), key.getMaxTokens(), key.getMaxMessages(), null,
                existing == null ? null : existing.metadata(), StoredKey.CONFIG, null,
                existing == null ? now : existing.createdAt(), now, 0);
        try {
            if (existing == null) {
                try {
                    rows.insert(configured);
                    return;
                } catch (DuplicateKeyException e) {
                    // another instance starting on the same store seeded it first, or the value is another key's
                    existing = rows.find(id).orElseThrow(() -> e);
                }
            }
            if (!sameSettings(existing, configured)) {
                rows.update(configured);
                LOG.info("Gateway key '{}' is in gateway.keys and in the store with other settings: the configuration wins", id);
            }
        } catch (DuplicateKeyException e) {
            throw new IllegalStateException("Gateway key '" + id + "' has the same value as another key in the store", e);
        }
    }

    private static boolean sameSettings(StoredKey a, StoredKey b) {
        return Objects.equals(a.keyHash(), b.keyHash()) && a.previousHash() == null && a.revokedAt() == null
                && a.expiresAt() == null && StoredKey.CONFIG.equals(a.source()) && a.models().equals(b.models())
                && Objects.equals(a.rpm(), b.rpm()) && Objects.equals(a.tpm(), b.tpm())
                && (a.budgetUsd() == null ? b.budgetUsd() == null : b.budgetUsd() != null && a.budgetUsd().compareTo(b.budgetUsd()) == 0)
                && Objects.equals(a.budgetPeriod(), b.budgetPeriod()) && Objects.equals(a.maxTokens(), b.maxTokens())
                && Objects.equals(a.maxMessages(), b.maxMessages());
    }

    static StoredKey copy(StoredKey row, String keyHash, String source, Instant revokedAt, Instant now) {
        return new StoredKey(row.id(), row.name(), keyHash, row.previousHash(), row.previousExpiresAt(), row.models(), row.rpm(),
                row.tpm(), row.budgetUsd(), row.budgetPeriod(), row.maxTokens(), row.maxMessages(), row.expiresAt(),
                row.metadata(), source, revokedAt, row.createdAt(), now, row.version());
    }

    static String hashOf(String value, String sha256) {
        if (value != null && !value.isBlank()) {
            return KeyHash.of(value);
        }
        if (sha256 != null && !sha256.isBlank()) {
            return KeyHash.normalise(sha256);
        }
        return null;
    }
}
