package io.llmgateway.console;

import io.llmgateway.auth.ConsoleSession;
import io.llmgateway.auth.GatewayKeys;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.core.io.ClassPathResource;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The web console's entry (/admin/ui/): the app to a signed-in session (or while the gateway runs
 * open), the login form to anyone else. The form posts the admin key in the body, never a URL; the
 * key goes into the server-side session only (ConsoleSession) and is not logged.
 */
@RestController
public class ConsoleController {

    private final GatewayKeys keys;
    private final ConsolePages pages;

    public ConsoleController(GatewayKeys keys, ConsolePages pages) {
        this.keys = keys;
        this.pages = pages;
    }

    @GetMapping("/admin/ui")
    public ResponseEntity<Void> slash() {
        return ResponseEntity.status(HttpStatus.FOUND).location(URI.create("/admin/ui/")).build();
    }

    @GetMapping("/admin/ui/")
    public ResponseEntity<String> entry(HttpServletRequest request) {
        if (open() || ConsoleSession.signedIn(request, keys)) {
            return pages.app();
        }
        return pages.login(HttpStatus.OK, null);
    }

    @PostMapping(path = "/admin/ui/login", consumes = MediaType.APPLICATION_FORM_URLENCODED_VALUE)
    public ResponseEntity<String> login(HttpServletRequest request, @RequestParam(name = "key", required = false) String key) {
        if (!ConsoleSession.sameOrigin(request)) {
            return pages.login(HttpStatus.FORBIDDEN, "Sign in from this gateway's own page.");
        }
        if (open()) {
            return backToConsole();
        }
        return switch (keys.adminAccess(key == null || key.isBlank() ? null : "Bearer " + key.trim(), null)) {
            case GRANTED -> {
                ConsoleSession.login(request, key.trim());
                yield backToConsole();
            }
            case DISABLED -> pages.login(HttpStatus.FORBIDDEN,
                    "The admin API is off: gateway keys are configured but gateway.admin-key is not.");
            default -> pages.login(HttpStatus.UNAUTHORIZED, "That is not the admin key.");
        };
    }

    /** Behind AdminGuard: the session and its CSRF token. */
    @PostMapping("/admin/ui/logout")
    public ResponseEntity<Void> logout(HttpServletRequest request) {
        ConsoleSession.logout(request);
        return ResponseEntity.noContent().build();
    }

    /** Behind AdminGuard: what the app needs to make state-changing calls (read same-origin only). */
    @GetMapping(path = "/admin/ui/session", produces = MediaType.APPLICATION_JSON_VALUE)
    public ResponseEntity<Map<String, Object>> session(HttpServletRequest request) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("open", open());
        body.put("csrf_header", ConsoleSession.CSRF_HEADER);
        body.put("csrf_token", ConsoleSession.csrfToken(request));
        return ResponseEntity.ok().header(HttpHeaders.CACHE_CONTROL, "no-store").body(body);
    }

    private boolean open() {
        return keys.adminAccess(null, null) == GatewayKeys.AdminAccess.OPEN;
    }

    private static ResponseEntity<String> backToConsole() {
        return ResponseEntity.status(HttpStatus.SEE_OTHER).location(URI.create("/admin/ui/")).build();
    }

    static String read(String classpath) {
        try (InputStream in = new ClassPathResource(classpath).getInputStream()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
