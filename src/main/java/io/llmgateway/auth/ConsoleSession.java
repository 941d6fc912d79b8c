package io.llmgateway.auth;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Set;

/**
 * The web console's login (/admin/ui): the admin key lives only in the server-side HttpSession, whose
 * cookie is HttpOnly, SameSite=Strict and scoped to /admin (application.yaml). Each session gets a
 * CSRF token the console sends back as a header on every state-changing call; a browser adds the
 * cookie to a cross-site form post or <img>, but never that header.
 */
public final class ConsoleSession {

    public static final String CSRF_HEADER = "X-CSRF-Token";
    static final String KEY = "gateway.console.adminKey";
    static final String CSRF = "gateway.console.csrf";
    private static final Set<String> SAFE_METHODS = Set.of("GET", "HEAD", "OPTIONS");
    private static final SecureRandom RANDOM = new SecureRandom();

    private ConsoleSession() {
    }

    /** Starts a fresh session (a new id: no fixation) holding the admin key; answers the CSRF token. */
    public static String login(HttpServletRequest request, String adminKey) {
        HttpSession old = request.getSession(false);
        if (old != null) {
            old.invalidate();
        }
        HttpSession session = request.getSession(true);
        byte[] token = new byte[32];
        RANDOM.nextBytes(token);
        String csrf = Base64.getUrlEncoder().withoutPadding().encodeToString(token);
        session.setAttribute(KEY, adminKey);
        session.setAttribute(CSRF, csrf);
        return csrf;
    }

    public static void logout(HttpServletRequest request) {
        HttpSession session = request.getSession(false);
        if (session != null) {
            session.invalidate();
        }
    }

    /** The admin key this request's console session holds, or null. */
    static String adminKey(HttpServletRequest request) {
        HttpSession session = request.getSession(false);
        return session == null ? null : (String) session.getAttribute(KEY);
    }

    public static String csrfToken(HttpServletRequest request) {
        HttpSession session = request.getSession(false);
        return session == null ? null : (String) session.getAttribute(CSRF);
    }

    /** The session holds a key that is (still) the admin key. */
    public static boolean signedIn(HttpServletRequest request, GatewayKeys keys) {
        String key = adminKey(request);
        return key != null && keys.adminAccess("Bearer " + key, null) == GatewayKeys.AdminAccess.GRANTED;
    }

    /**
     * Whether a request riding on the session cookie may change state: safe methods always; others
     * only with the session's CSRF token in the header and, when the browser names an Origin, our own.
     */
    static boolean csrfSafe(HttpServletRequest request) {
        if (SAFE_METHODS.contains(request.getMethod())) {
            return true;
        }
        String expected = csrfToken(request);
        String presented = request.getHeader(CSRF_HEADER);
        return expected != null && presented != null
                && MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8), presented.getBytes(StandardCharsets.UTF_8))
                && sameOrigin(request);
    }

    /** No Origin header (same-origin GETs, non-browser clients), or one naming this host and port. */
    public static boolean sameOrigin(HttpServletRequest request) {
        String origin = request.getHeader("Origin");
        if (origin == null) {
            return true;
        }
        String host = request.getHeader("Host");
        try {
            URI uri = URI.create(origin);
            String authority = uri.getPort() < 0 ? uri.getHost() : uri.getHost() + ":" + uri.getPort();
            return host != null && host.equalsIgnoreCase(authority);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
