package io.llmgateway.tenant;

import io.llmgateway.core.ExchangeProperties;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.apache.camel.Exchange;

/**
 * Names the caller's tenant in exchange property {@link #PROPERTY}, which tenant-scoped features
 * (the response cache) read. On an open gateway (no gateway keys) the door filter derives
 * it from the credential the caller sent (Authorization: Bearer, or x-api-key as Anthropic's SDK
 * sends it): {@code key-<first 16 hex of SHA-256(credential)>}, so the raw credential is never kept.
 * A caller can thus only reach entries made with a credential it holds; without one it is
 * {@link #ANONYMOUS}. A header naming the tenant is deliberately not trusted: anyone could claim
 * another team's name. With gateway keys, auth/GatewayKeys replaces it with the authenticated key's id.
 */
public final class CallerTenants {

    public static final String ANONYMOUS = "anonymous";

    private CallerTenants() {
    }

    /** The tenant of an open gateway's caller from the credential it presented (null: none). */
    public static String fromCredential(String credential) {
        return credential == null || credential.isBlank() ? ANONYMOUS : "key-" + fingerprint(credential.strip());
    }

    /** The tenant on the exchange, {@link #ANONYMOUS} when no door set one. */
    public static String of(Exchange exchange) {
        String tenant = exchange.getProperty(ExchangeProperties.TENANT, String.class);
        return tenant == null || tenant.isBlank() ? ANONYMOUS : tenant;
    }

    static String fingerprint(String credential) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(credential.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
