package io.llmgateway.tenant;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.apache.camel.Exchange;
import org.springframework.stereotype.Component;

/**
 * Names the caller's tenant in exchange property {@link #PROPERTY}, which tenant-scoped features
 * (the response cache) read. On an open gateway (no gateway keys) the HTTP door derives
 * it from the credential the caller sent (Authorization: Bearer, or x-api-key as Anthropic's SDK
 * sends it): {@code key-<first 16 hex of SHA-256(credential)>}, so the raw credential is never kept.
 * A caller can thus only reach entries made with a credential it holds; without one it is
 * {@link #ANONYMOUS}. A header naming the tenant is deliberately not trusted: anyone could claim
 * another team's name. With gateway keys, auth/GatewayKeys replaces it with the authenticated key's id.
 */
@Component("callerTenants")
public class CallerTenants {

    public static final String PROPERTY = "gatewayTenant";
    public static final String ANONYMOUS = "anonymous";

    public void fromHttp(Exchange exchange) {
        String credential = bearer(exchange.getIn().getHeader("Authorization", String.class));
        if (credential == null) {
            credential = blankToNull(exchange.getIn().getHeader("x-api-key", String.class));
        }
        exchange.setProperty(PROPERTY, credential == null ? ANONYMOUS : "key-" + fingerprint(credential));
    }

    /** The tenant on the exchange, {@link #ANONYMOUS} when no door set one. */
    public static String of(Exchange exchange) {
        String tenant = exchange.getProperty(PROPERTY, String.class);
        return tenant == null || tenant.isBlank() ? ANONYMOUS : tenant;
    }

    private static String bearer(String authorization) {
        if (authorization == null) {
            return null;
        }
        String value = authorization.strip();
        if (value.regionMatches(true, 0, "Bearer ", 0, 7)) {
            value = value.substring(7);
        }
        return blankToNull(value);
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
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
