package io.llmgateway.auth;

import io.llmgateway.core.KeysProperties;
import io.llmgateway.core.KeysProperties.Key;
import io.llmgateway.error.GatewayException;
import io.llmgateway.metrics.GatewayMetrics;
import io.llmgateway.tenant.CallerTenants;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Instant;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * Who is calling: the gateway key sent as {@code Authorization: Bearer <key>} or {@code x-api-key},
 * matched by its SHA-256 against the keys in the store (seeded from gateway.keys, managed over
 * /admin/keys), through the in-memory {@link KeyDirectory}. Once any key is configured a request
 * without a valid one gets 401; with none configured the gateway is open (and says so).
 */
@Component("gatewayKeys")
public class GatewayKeys {

    public static final String ANONYMOUS = "anonymous";

    private static final Logger LOG = LoggerFactory.getLogger(GatewayKeys.class);

    private final KeyDirectory directory;
    private final String adminHash;
    private final GatewayMetrics metrics;

    public GatewayKeys(KeysProperties properties, GatewayMetrics metrics, KeyDirectory directory) {
        this.metrics = metrics;
        this.directory = directory;
        this.adminHash = KeySeeder.hashOf(properties.getAdminKey(), properties.getAdminKeySha256());
    }

    /** True when no gateway key exists (configured or in the store, revoked ones count): every request is let in as "anonymous". */
    public boolean isOpen() {
        return directory.isEmpty();
    }

    /**
     * The id of the key the caller presented (current secret, or the previous one during its rotation
     * grace period); null when it is unknown, revoked or expired. Reads the in-memory key directory.
     */
    public String keyIdFor(String presentedSecret) {
        if (presentedSecret == null || presentedSecret.isEmpty()) {
            return null;
        }
        return directory.idFor(KeyHash.of(presentedSecret), Instant.now());
    }

    /** Who a request is: the authenticated key's id (null while open) and the tenant it belongs to. */
    public record Caller(String key, String tenant) {
    }

    /**
     * Checks a presented key (null: none was sent) before anything of the request is read. Open: the
     * tenant is a fingerprint of the credential the caller sent (tenant/CallerTenants), else anonymous.
     * With keys: the key's id, or a 401 that never echoes what was presented.
     */
    public Caller identify(String presented) {
        if (isOpen()) {
            return new Caller(null, CallerTenants.fromCredential(presented));
        }
        if (presented == null) {
            metrics.keyRejection(null, "unauthenticated");
            throw new GatewayException(401, "invalid_request_error", "missing_api_key", null,
                    "You didn't provide an API key. Send your gateway key as 'Authorization: Bearer <key>' or 'x-api-key: <key>'.");
        }
        String id = keyIdFor(presented);
        if (id == null) {
            metrics.keyRejection(null, "unauthenticated");
            // Never echo the presented value: it may be someone's real secret sent to the wrong place.
            throw new GatewayException(401, "invalid_request_error", "invalid_api_key", null,
                    "Incorrect API key provided. Use a key issued for this gateway.");
        }
        return new Caller(id, id);
    }

    /** Whether the given credentials carry the admin key. With nothing configured at all, admin is open like the rest. */
    public AdminAccess adminAccess(String authorization, String apiKey) {
        if (adminHash == null) {
            return isOpen() ? AdminAccess.OPEN : AdminAccess.DISABLED;
        }
        String presented = presentedKey(authorization, apiKey);
        if (presented == null) {
            return AdminAccess.MISSING;
        }
        return KeyHash.same(adminHash, KeyHash.of(presented)) ? AdminAccess.GRANTED : AdminAccess.DENIED;
    }

    public enum AdminAccess { OPEN, GRANTED, MISSING, DENIED, DISABLED }

    public Key key(String id) {
        return directory.key(id);
    }

    public Set<String> ids() {
        return directory.ids();
    }

    static String presentedKey(String authorization, String apiKey) {
        if (authorization != null) {
            String value = authorization.trim();
            if (value.regionMatches(true, 0, "Bearer ", 0, 7) && value.length() > 7) {
                return value.substring(7).trim();
            }
        }
        if (apiKey != null && !apiKey.isBlank()) {
            return apiKey.trim();
        }
        return null;
    }

    @EventListener(ApplicationReadyEvent.class)
    void announce(ApplicationReadyEvent event) {
        Environment env = event.getApplicationContext().getEnvironment();
        String address = env.getProperty("server.address", "0.0.0.0");
        if (!isOpen()) {
            LOG.info("Gateway keys required: {} key(s) configured ({}); admin API {}", directory.ids().size(), directory.ids(),
                    adminHash != null ? "needs the admin key" : "is off (no gateway.admin-key)");
        } else if (isLoopback(address)) {
            LOG.warn("No gateway keys configured (gateway.keys): the gateway is OPEN, including /admin, to anyone on this machine "
                    + "(bound to {}). Configure gateway.keys and gateway.admin-key before exposing it.", address);
        } else {
            LOG.warn("No gateway keys configured (gateway.keys) and bound to {}: the gateway is OPEN to anyone who can reach it, "
                    + "including /admin. Configure gateway.keys and gateway.admin-key.", address);
        }
    }

    private static boolean isLoopback(String address) {
        try {
            return InetAddress.getByName(address).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
