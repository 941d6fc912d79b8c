package io.llmgateway.auth;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmgateway.chat.Json;
import io.llmgateway.core.KeysProperties;
import io.llmgateway.error.GatewayException;
import io.llmgateway.store.KeyRows;
import io.llmgateway.store.StoredKey;
import java.io.IOException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.convert.DurationStyle;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Component;

/**
 * The admin API for keys as data (/admin/keys, behind the admin key): create, list, read, change,
 * rotate, revoke. A secret is made here, answered once and kept only as its SHA-256. Every write
 * refreshes this instance's key directory at once; other instances see it at their next poll.
 */
@Component("keyAdmin")
public class KeyAdmin {

    private static final Logger LOG = LoggerFactory.getLogger(KeyAdmin.class);
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9._-]{1,100}");
    private static final Duration DEFAULT_GRACE = Duration.ofHours(1);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final KeyRows rows;
    private final KeyDirectory directory;
    private final boolean adminKeySet;

    public KeyAdmin(KeyRows rows, KeyDirectory directory, KeysProperties properties) {
        this.rows = rows;
        this.directory = directory;
        this.adminKeySet = KeySeeder.hashOf(properties.getAdminKey(), properties.getAdminKeySha256()) != null;
    }

    /**
     * POST /admin/keys: the new key with its secret, which is never shown again. Refused while no
     * admin key is set: the first key closes the gateway, and with keys but no admin key /admin is
     * off, so the operator would lock themselves out of the API they just used.
     */
    public KeyView create(byte[] body) {
        if (!adminKeySet) {
            throw new GatewayException(403, "invalid_request_error", "admin_key_required", null,
                    "Set gateway.admin-key (GATEWAY_ADMIN_KEY) before creating keys over the admin API.");
        }
        JsonNode request = parse(body);
        String id = request.hasNonNull("id") ? request.get("id").asText() : "key-" + HexFormat.of().formatHex(randomBytes(6));
        if (!ID.matcher(id).matches()) {
            throw GatewayException.invalidRequest("id", "invalid_value", "A key id is 1 to 100 of A-Z a-z 0-9 . _ -");
        }
        String secret = newSecret();
        Instant now = Instant.now();
        StoredKey blank = new StoredKey(id, id, KeyHash.of(secret), null, null, List.of(), null, null, null, "month", null, null,
                null, null, StoredKey.API, null, now, now, 0);
        StoredKey key = KeyChanges.apply(blank, request);
        try {
            rows.insert(key);
        } catch (DuplicateKeyException e) {
            throw new GatewayException(409, "invalid_request_error", "key_exists", "id", "A gateway key with id '" + id + "' exists.");
        }
        directory.refresh();
        LOG.info("Gateway key '{}' created over the admin API", id);
        return KeyView.of(stored(id), secret);
    }

    /** GET /admin/keys: every key, revoked ones included, never a secret or a hash. */
    public Map<String, Object> list() {
        return Map.of("object", "list", "data", directory.all().stream().map(row -> KeyView.of(row, null)).toList());
    }

    /** GET /admin/keys/{id}. */
    public KeyView get(String id) {
        return KeyView.of(stored(id), null);
    }

    /** PATCH /admin/keys/{id}: the fields present change (null clears a limit), the rest stays. */
    public KeyView patch(String id, byte[] body) {
        StoredKey current = managedHere(stored(id));
        StoredKey changed = KeyChanges.apply(current, parse(body));
        write(changed);
        LOG.info("Gateway key '{}' changed over the admin API", id);
        return KeyView.of(stored(id), null);
    }

    /**
     * POST /admin/keys/{id}/rotate, optional body {"grace_period": "1h"} (default 1h, "0s" ends the
     * old secret now): a new secret, answered once; the old one keeps working for the grace period.
     */
    public KeyView rotate(String id, byte[] body) {
        StoredKey current = managedHere(stored(id));
        if (current.revokedAt() != null) {
            throw new GatewayException(409, "invalid_request_error", "key_revoked", "id", "The gateway key '" + id + "' is revoked.");
        }
        JsonNode request = parse(body);
        Duration grace = request.hasNonNull("grace_period") ? duration(request.get("grace_period").asText()) : DEFAULT_GRACE;
        String secret = newSecret();
        Instant now = Instant.now();
        write(new StoredKey(id, current.name(), KeyHash.of(secret), current.keyHash(), now.plus(grace), current.models(),
                current.rpm(), current.tpm(), current.budgetUsd(), current.budgetPeriod(), current.maxTokens(),
                current.maxMessages(), current.expiresAt(), current.metadata(), current.source(), null, current.createdAt(),
                now, current.version()));
        LOG.info("Gateway key '{}' rotated over the admin API; the old secret works for {} more", id, grace);
        return KeyView.of(stored(id), secret);
    }

    /** POST /admin/keys/{id}/revoke: refused from now on (this instance at once, others within a second). */
    public KeyView revoke(String id) {
        StoredKey current = stored(id);
        if (current.revokedAt() == null) {
            Instant now = Instant.now();
            write(KeySeeder.copy(current, current.keyHash(), current.source(), now, now));
            LOG.info("Gateway key '{}' revoked over the admin API", id);
        }
        return KeyView.of(stored(id), null);
    }

    /**
     * A key from gateway.keys is changed there: the configuration wins at every start, so a change
     * here would silently come undone. Revoking it is allowed (an emergency) and lasts until the
     * next start, unless the key is also taken out of the configuration.
     */
    private static StoredKey managedHere(StoredKey key) {
        if (StoredKey.CONFIG.equals(key.source())) {
            throw new GatewayException(409, "invalid_request_error", "key_from_config", "id",
                    "The gateway key '" + key.id() + "' is configured in gateway.keys: change it there.");
        }
        return key;
    }

    private void write(StoredKey key) {
        rows.update(key.withUpdatedAt(Instant.now()));
        directory.refresh();
    }

    /** Read from the store, not the copy: an admin answer shows what is written. */
    private StoredKey stored(String id) {
        return rows.find(id).orElseThrow(() -> new GatewayException(404, "invalid_request_error", "key_not_found", "id",
                "No gateway key with id '" + id + "'."));
    }

    static JsonNode parse(byte[] body) {
        if (body == null || body.length == 0) {
            return Json.MAPPER.createObjectNode();
        }
        try {
            JsonNode node = Json.MAPPER.readTree(body);
            if (node == null || node.isNull() || node.isMissingNode()) {
                return Json.MAPPER.createObjectNode();
            }
            if (!node.isObject()) {
                throw GatewayException.invalidRequest(null, "invalid_body", "The body must be a JSON object.");
            }
            return node;
        } catch (IOException e) {
            throw GatewayException.invalidRequest(null, "invalid_json", "The body is not valid JSON.");
        }
    }

    static Duration duration(String text) {
        try {
            Duration value = DurationStyle.detectAndParse(text);
            if (value.isNegative()) {
                throw new IllegalArgumentException();
            }
            return value;
        } catch (IllegalArgumentException e) {
            throw GatewayException.invalidRequest("grace_period", "invalid_value", "grace_period is a duration such as 30m or 1h.");
        }
    }

    private static String newSecret() {
        return "gk-" + Base64.getUrlEncoder().withoutPadding().encodeToString(randomBytes(32));
    }

    private static byte[] randomBytes(int n) {
        byte[] bytes = new byte[n];
        RANDOM.nextBytes(bytes);
        return bytes;
    }
}
