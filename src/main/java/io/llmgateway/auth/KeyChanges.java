package io.llmgateway.auth;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmgateway.error.GatewayException;
import io.llmgateway.store.StoredKey;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A key's settings as the admin API takes them (create and PATCH): each field present replaces the
 * stored one, JSON null clears it, absent fields stay. Field names as in /admin/keys/{id}/usage.
 */
final class KeyChanges {

    private KeyChanges() {
    }

    static StoredKey apply(StoredKey key, JsonNode body) {
        return new StoredKey(key.id(),
                body.has("name") ? text(body, "name", key.id()) : key.name(),
                key.keyHash(), key.previousHash(), key.previousExpiresAt(),
                body.has("models") ? models(body.get("models")) : key.models(),
                body.has("requests_per_minute") ? positive(body, "requests_per_minute") : key.rpm(),
                body.has("tokens_per_minute") ? positive(body, "tokens_per_minute") : key.tpm(),
                body.has("budget_usd") ? budget(body.get("budget_usd")) : key.budgetUsd(),
                body.has("budget_period") ? period(body.get("budget_period")) : key.budgetPeriod(),
                body.has("max_tokens") ? positive(body, "max_tokens") : key.maxTokens(),
                body.has("max_messages") ? positive(body, "max_messages") : key.maxMessages(),
                body.has("expires_at") ? instant(body.get("expires_at")) : key.expiresAt(),
                body.has("metadata") ? metadata(body.get("metadata")) : key.metadata(),
                key.source(), key.revokedAt(), key.createdAt(), key.updatedAt(), key.version());
    }

    private static String text(JsonNode body, String field, String whenNull) {
        JsonNode value = body.get(field);
        if (value.isNull()) {
            return whenNull;
        }
        if (!value.isTextual() || value.asText().length() > 200) {
            throw invalid(field, field + " is a string of at most 200 characters.");
        }
        return value.asText();
    }

    private static List<String> models(JsonNode value) {
        if (value.isNull()) {
            return List.of();
        }
        if (!value.isArray()) {
            throw invalid("models", "models is an array of model names ([] or null: all models).");
        }
        List<String> models = new ArrayList<>();
        value.forEach(model -> {
            if (!model.isTextual()) {
                throw invalid("models", "models is an array of model names.");
            }
            models.add(model.asText());
        });
        return models;
    }

    private static Integer positive(JsonNode body, String field) {
        JsonNode value = body.get(field);
        if (value.isNull()) {
            return null;
        }
        if (!value.canConvertToInt() || !value.isIntegralNumber() || value.asInt() < 1) {
            throw invalid(field, field + " is a whole number of at least 1 (or null: no limit).");
        }
        return value.asInt();
    }

    private static BigDecimal budget(JsonNode value) {
        if (value.isNull()) {
            return null;
        }
        if (!value.isNumber() || value.decimalValue().signum() < 0) {
            throw invalid("budget_usd", "budget_usd is a number of USD, 0 or more (or null: no budget).");
        }
        return value.decimalValue();
    }

    private static String period(JsonNode value) {
        String period = value.isNull() ? "month" : value.asText().toLowerCase(Locale.ROOT);
        if (!period.equals("day") && !period.equals("month")) {
            throw invalid("budget_period", "budget_period is day or month (UTC).");
        }
        return period;
    }

    private static Instant instant(JsonNode value) {
        if (value.isNull()) {
            return null;
        }
        try {
            return Instant.parse(value.asText());
        } catch (DateTimeParseException e) {
            throw invalid("expires_at", "expires_at is an ISO-8601 instant such as 2026-12-31T00:00:00Z (or null: never).");
        }
    }

    private static String metadata(JsonNode value) {
        if (value.isNull()) {
            return null;
        }
        if (!value.isObject() || value.toString().length() > 8000) {
            throw invalid("metadata", "metadata is a JSON object of at most 8000 characters.");
        }
        return value.toString();
    }

    private static GatewayException invalid(String field, String message) {
        return GatewayException.invalidRequest(field, "invalid_value", message);
    }
}
