package io.llmgateway.auth;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import io.llmgateway.chat.Json;
import io.llmgateway.store.PlainDecimal;
import io.llmgateway.store.StoredKey;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/**
 * A key as the admin API answers it: settings and state, never a hash. {@code key} (the secret) is
 * set only in the answer that made it (create, rotate); null fields are left out.
 */
public record KeyView(String id,
                      String name,
                      String key,
                      String status,
                      String source,
                      List<String> models,
                      @JsonProperty("requests_per_minute") Integer requestsPerMinute,
                      @JsonProperty("tokens_per_minute") Integer tokensPerMinute,
                      @JsonProperty("budget_usd") @JsonSerialize(using = PlainDecimal.class) BigDecimal budgetUsd,
                      @JsonProperty("budget_period") String budgetPeriod,
                      @JsonProperty("max_tokens") Integer maxTokens,
                      @JsonProperty("max_messages") Integer maxMessages,
                      @JsonProperty("expires_at") Instant expiresAt,
                      JsonNode metadata,
                      @JsonProperty("revoked_at") Instant revokedAt,
                      @JsonProperty("previous_key_valid_until") Instant previousKeyValidUntil,
                      @JsonProperty("created_at") Instant createdAt,
                      @JsonProperty("updated_at") Instant updatedAt) {

    static KeyView of(StoredKey row, String secret) {
        Instant now = Instant.now();
        String status = row.revokedAt() != null ? "revoked" : KeyDirectory.usable(row, now) ? "active" : "expired";
        Instant previousUntil = row.previousExpiresAt() != null && now.isBefore(row.previousExpiresAt()) ? row.previousExpiresAt() : null;
        return new KeyView(row.id(), row.name(), secret, status, row.source(), row.models(), row.rpm(), row.tpm(), row.budgetUsd(),
                row.budgetPeriod(), row.maxTokens(), row.maxMessages(), row.expiresAt(), metadata(row.metadata()), row.revokedAt(),
                previousUntil, row.createdAt(), row.updatedAt());
    }

    private static JsonNode metadata(String json) {
        try {
            return json == null ? null : Json.MAPPER.readTree(json);
        } catch (java.io.IOException e) {
            return null;
        }
    }

    @Override
    public String toString() {
        return "KeyView[" + id + "]"; // never the secret
    }
}
