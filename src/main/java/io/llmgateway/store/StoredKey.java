package io.llmgateway.store;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/**
 * One row of gateway_key. {@code keyHash} is the hex SHA-256 of the secret (null for a configured
 * key whose value is unset); the secret itself is never stored. {@code metadata} is a JSON object as
 * text. {@code source} is "config" (seeded from gateway.keys) or "api".
 */
public record StoredKey(String id,
                        String name,
                        String keyHash,
                        String previousHash,
                        Instant previousExpiresAt,
                        List<String> models,
                        Integer rpm,
                        Integer tpm,
                        BigDecimal budgetUsd,
                        String budgetPeriod,
                        Integer maxTokens,
                        Integer maxMessages,
                        Instant expiresAt,
                        String metadata,
                        String source,
                        Instant revokedAt,
                        Instant createdAt,
                        Instant updatedAt,
                        long version) {

    public static final String CONFIG = "config";
    public static final String API = "api";

    public StoredKey {
        models = models == null ? List.of() : List.copyOf(models);
    }

    public StoredKey withUpdatedAt(Instant when) {
        return new StoredKey(id, name, keyHash, previousHash, previousExpiresAt, models, rpm, tpm, budgetUsd, budgetPeriod,
                maxTokens, maxMessages, expiresAt, metadata, source, revokedAt, createdAt, when, version);
    }

    @Override
    public String toString() {
        return "StoredKey[" + id + "]"; // never the hashes
    }
}
