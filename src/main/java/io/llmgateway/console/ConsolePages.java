package io.llmgateway.console;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Component;

/**
 * The console's two HTML pages, with a Content-Security-Policy that allows only this gateway's own
 * scripts (plus the app page's inline import map, by its hash), no framing and forms to itself only.
 */
@Component
public class ConsolePages {

    private static final Pattern IMPORT_MAP = Pattern.compile("<script type=\"importmap\">(.*?)</script>", Pattern.DOTALL);

    private final String app = ConsoleController.read("console/index.html");
    private final String login = ConsoleController.read("console/login.html");
    private final String appPolicy = policy(importMapHash(app));
    private final String loginPolicy = policy(null);

    ResponseEntity<String> app() {
        return page(HttpStatus.OK, app, appPolicy);
    }

    ResponseEntity<String> login(HttpStatus status, String error) {
        String message = error == null ? "" : "<p class=\"error\" role=\"alert\">" + error + "</p>";
        return page(status, login.replace("<!--error-->", message), loginPolicy);
    }

    private static ResponseEntity<String> page(HttpStatus status, String html, String policy) {
        return ResponseEntity.status(status).contentType(new MediaType(MediaType.TEXT_HTML, StandardCharsets.UTF_8))
                .header(HttpHeaders.CACHE_CONTROL, "no-store")
                .header("Content-Security-Policy", policy)
                .header("X-Frame-Options", "DENY")
                // not no-referrer: under it Chrome sends "Origin: null" on the form post, which sameOrigin refuses
                .header("Referrer-Policy", "same-origin")
                .body(html);
    }

    private static String policy(String scriptHash) {
        return "default-src 'self'; script-src 'self'" + (scriptHash == null ? "" : " '" + scriptHash + "'")
                + "; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; object-src 'none'"
                + "; base-uri 'none'; frame-ancestors 'none'; form-action 'self'";
    }

    private static String importMapHash(String html) {
        Matcher m = IMPORT_MAP.matcher(html);
        if (!m.find()) {
            return null;
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(m.group(1).getBytes(StandardCharsets.UTF_8));
            return "sha256-" + Base64.getEncoder().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
