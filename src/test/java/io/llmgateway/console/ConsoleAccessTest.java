package io.llmgateway.console;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmgateway.support.LogCapture;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The console over plain HTTP, as another site's page or a script without the key would reach it:
 * no data without the admin key or a signed-in session, and no state change riding on the session
 * cookie without the session's CSRF token and our own Origin.
 */
class ConsoleAccessTest extends ConsoleTestSupport {

    private static final String EVIL = "http://evil.example";

    @Test
    void withoutTheAdminKeyTheConsoleShowsOnlyItsLoginFormAndNoData() {
        HttpResponse<String> entry = get("/admin/ui/");
        assertThat(entry.statusCode()).isEqualTo(200);
        assertThat(entry.body()).contains("name=\"key\"").doesNotContain("res-breaker");
        assertThat(entry.headers().firstValue("Content-Security-Policy")).hasValueSatisfying(csp -> assertThat(csp)
                .contains("frame-ancestors 'none'").contains("form-action 'self'"));

        for (String path : new String[] {"/admin/providers", "/admin/routes", "/admin/cache", "/admin/batches",
                "/admin/routes/chat-pipeline/flow", "/admin/ui/session", "/admin/ui/app/app.js"}) {
            assertThat(get(path).statusCode()).as(path).isEqualTo(401);
        }
        HttpResponse<String> wrong = login("gk-not-the-admin-key", null);
        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(wrong.body()).contains("not the admin key");
        assertThat(sessionCookie(wrong)).isNull();
    }

    @Test
    void signingInKeepsTheKeyInAnHttpOnlySameSiteSessionAndOutOfUrlsAndLogs() {
        HttpResponse<String> signedIn = login(ADMIN_KEY, null);
        assertThat(signedIn.statusCode()).isEqualTo(303);
        assertThat(signedIn.headers().firstValue("Location")).hasValue("/admin/ui/");
        String setCookie = signedIn.headers().allValues("Set-Cookie").stream()
                .filter(c -> c.startsWith("GATEWAY_CONSOLE=")).findFirst().orElseThrow();
        assertThat(setCookie).containsIgnoringCase("HttpOnly").containsIgnoringCase("SameSite=Strict")
                .contains("Path=/admin").doesNotContain(ADMIN_KEY);

        String cookie = sessionCookie(signedIn);
        assertThat(getWith("/admin/providers", cookie).body()).contains("res-breaker");
        assertThat(getWith("/admin/ui/", cookie).body()).contains("/admin/ui/app/app.js");
        assertThat(getWith("/admin/ui/app/app.js", cookie).statusCode()).isEqualTo(200);
        assertThat(getWith("/admin/ui/lib/preact/10.26.9/dist/preact.module.js", cookie).statusCode()).isEqualTo(200);
        assertThat(json(getWith("/admin/ui/session", cookie).body()).path("csrf_token").asText()).hasSizeGreaterThan(20);
        assertThat(LogCapture.lines()).noneMatch(line -> line.contains(ADMIN_KEY));
    }

    @Test
    void aCrossOriginPostRidingOnTheSessionCookieIsRefused() {
        String cookie = sessionCookie(login(ADMIN_KEY, null));
        String token = json(getWith("/admin/ui/session", cookie).body()).path("csrf_token").asText();

        // what a form on another site posts: the browser adds the cookie, never the token header
        HttpResponse<String> formPost = send(HttpRequest.newBuilder(URI.create(url("/admin/providers/res-backup/disable")))
                .header("Cookie", cookie).header("Origin", EVIL).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("x=1")).build());
        assertThat(formPost.statusCode()).isEqualTo(403);
        assertThat(formPost.body()).contains("csrf_token_invalid");
        // the right token from the wrong origin, and no token at all from our own
        assertThat(postWith("/admin/providers/res-backup/disable", cookie, Map.of("X-CSRF-Token", token, "Origin", EVIL))
                .statusCode()).isEqualTo(403);
        assertThat(postWith("/admin/providers/res-backup/disable", cookie, Map.of("Origin", url(""))).statusCode()).isEqualTo(403);
        assertThat(postWith("/admin/providers/res-backup/disable", cookie, Map.of("X-CSRF-Token", "forged", "Origin", url("")))
                .statusCode()).isEqualTo(403);
        assertThat(json(getWith("/admin/providers/res-backup", cookie).body()).path("enabled").asBoolean()).isTrue();

        // the console itself: token header, own origin
        HttpResponse<String> console = postWith("/admin/providers/res-backup/disable", cookie,
                Map.of("X-CSRF-Token", token, "Origin", url("")));
        assertThat(console.statusCode()).isEqualTo(200);
        assertThat(json(console.body()).path("enabled").asBoolean()).isFalse();
        assertThat(postWith("/admin/providers/res-backup/enable", cookie, Map.of("X-CSRF-Token", token)).statusCode()).isEqualTo(200);

        // login from another site's form is refused too (no login CSRF)
        assertThat(login(ADMIN_KEY, EVIL).statusCode()).isEqualTo(403);
    }

    @Test
    void signingOutEndsTheSession() {
        String cookie = sessionCookie(login(ADMIN_KEY, null));
        String token = json(getWith("/admin/ui/session", cookie).body()).path("csrf_token").asText();
        assertThat(postWith("/admin/ui/logout", cookie, Map.of()).statusCode()).isEqualTo(403);
        assertThat(postWith("/admin/ui/logout", cookie, Map.of("X-CSRF-Token", token)).statusCode()).isEqualTo(204);
        assertThat(getWith("/admin/providers", cookie).statusCode()).isEqualTo(401);
    }

    private HttpResponse<String> login(String key, String origin) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url("/admin/ui/login")))
                .timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("key=" + URLEncoder.encode(key, StandardCharsets.UTF_8)));
        if (origin != null) {
            request.header("Origin", origin);
        }
        return send(request.build());
    }

    private static String sessionCookie(HttpResponse<String> response) {
        return response.headers().allValues("Set-Cookie").stream().filter(c -> c.startsWith("GATEWAY_CONSOLE="))
                .map(c -> c.substring(0, c.indexOf(';'))).findFirst().orElse(null);
    }

    private HttpResponse<String> getWith(String path, String cookie) {
        return send(HttpRequest.newBuilder(URI.create(url(path))).header("Cookie", cookie).GET().build());
    }

    private HttpResponse<String> postWith(String path, String cookie, Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url(path))).header("Cookie", cookie)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{}"));
        headers.forEach(request::header);
        return send(request.build());
    }
}
