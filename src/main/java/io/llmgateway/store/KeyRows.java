package io.llmgateway.store;

import com.fasterxml.jackson.core.type.TypeReference;
import io.llmgateway.chat.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** The gateway_key table in plain SQL. Every write bumps the row's version, so other instances see it. */
@Component
public class KeyRows {

    private static final TypeReference<List<String>> STRINGS = new TypeReference<>() { };
    private static final String COLUMNS = "id, name, key_hash, previous_hash, previous_expires_at, models, rpm, tpm, budget_usd,"
            + " budget_period, max_tokens, max_messages, expires_at, metadata, source, revoked_at, created_at, updated_at, version";

    private final JdbcClient jdbc;

    public KeyRows(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public List<StoredKey> all() {
        return jdbc.sql("SELECT " + COLUMNS + " FROM gateway_key ORDER BY id").query(KeyRows::row).list();
    }

    public Optional<StoredKey> find(String id) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM gateway_key WHERE id = ?").param(id).query(KeyRows::row).optional();
    }

    /** What changes whenever any row is written or added: the poll compares it, not the rows. */
    public Fingerprint fingerprint() {
        return jdbc.sql("SELECT COUNT(*), COALESCE(SUM(version), 0) FROM gateway_key")
                .query((rs, n) -> new Fingerprint(rs.getLong(1), rs.getLong(2))).single();
    }

    public record Fingerprint(long rows, long versions) {
    }

    public void insert(StoredKey key) {
        jdbc.sql("INSERT INTO gateway_key (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1)")
                .params(key.id(), key.name(), key.keyHash(), key.previousHash(), time(key.previousExpiresAt()),
                        models(key.models()), key.rpm(), key.tpm(), key.budgetUsd(), key.budgetPeriod(), key.maxTokens(),
                        key.maxMessages(), time(key.expiresAt()), key.metadata(), key.source(), time(key.revokedAt()),
                        time(key.createdAt()), time(key.updatedAt()))
                .update();
    }

    /** Writes every column but id and created_at; false when no such row. */
    public boolean update(StoredKey key) {
        return jdbc.sql("""
                UPDATE gateway_key SET name = ?, key_hash = ?, previous_hash = ?, previous_expires_at = ?, models = ?,
                    rpm = ?, tpm = ?, budget_usd = ?, budget_period = ?, max_tokens = ?, max_messages = ?, expires_at = ?,
                    metadata = ?, source = ?, revoked_at = ?, updated_at = ?, version = version + 1
                WHERE id = ?""")
                .params(key.name(), key.keyHash(), key.previousHash(), time(key.previousExpiresAt()), models(key.models()),
                        key.rpm(), key.tpm(), key.budgetUsd(), key.budgetPeriod(), key.maxTokens(), key.maxMessages(),
                        time(key.expiresAt()), key.metadata(), key.source(), time(key.revokedAt()), time(key.updatedAt()),
                        key.id())
                .update() == 1;
    }

    private static StoredKey row(ResultSet rs, int n) throws SQLException {
        return new StoredKey(rs.getString("id"), rs.getString("name"), rs.getString("key_hash"), rs.getString("previous_hash"),
                instant(rs, "previous_expires_at"), models(rs.getString("models")), integer(rs, "rpm"), integer(rs, "tpm"),
                decimal(rs.getBigDecimal("budget_usd")), rs.getString("budget_period"), integer(rs, "max_tokens"),
                integer(rs, "max_messages"), instant(rs, "expires_at"), rs.getString("metadata"), rs.getString("source"),
                instant(rs, "revoked_at"), instant(rs, "created_at"), instant(rs, "updated_at"), rs.getLong("version"));
    }

    /** Both drivers bind OffsetDateTime to TIMESTAMP WITH TIME ZONE (PostgreSQL's does not take Instant). */
    static OffsetDateTime time(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }

    static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }

    private static Integer integer(ResultSet rs, String column) throws SQLException {
        int value = rs.getInt(column);
        return rs.wasNull() ? null : value;
    }

    /** NUMERIC(20,10) comes back with ten decimals: 25 is kept as 25, not 25.0000000000. */
    static BigDecimal decimal(BigDecimal value) {
        return value == null ? null : value.stripTrailingZeros();
    }

    private static String models(List<String> models) {
        return models == null || models.isEmpty() ? null : new String(Json.write(models), java.nio.charset.StandardCharsets.UTF_8);
    }

    private static List<String> models(String json) {
        if (json == null || json.isBlank()) {
            return List.of();
        }
        try {
            return Json.MAPPER.readValue(json, STRINGS);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
