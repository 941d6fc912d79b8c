package io.llmgateway.console;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmgateway.support.FakeProvider.Answer;
import io.llmgateway.support.OpenAiWire;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;

/**
 * The console of a closed gateway in a real browser: sign in with the admin key, see the providers
 * of the gateway on its fake upstreams, watch a failing provider's circuit open, see a broken route
 * file rejected with its error; with the database's admin API, create a key, use it and find its
 * request with its cost. Screenshots of each page go to target/console-screenshots/.
 */
class ConsoleBrowserTest extends ConsoleTestSupport {

    private static final String BREAKER_CHAT = "{\"model\":\"breaker-model\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
    /** A dollar figure above zero, as the console writes small ones ($0.000008). */
    private static final Pattern SPENT = Pattern.compile("\\$0\\.0*[1-9]");

    private static ConsoleBrowser browser;

    @BeforeAll
    static void startBrowser() throws IOException {
        browser = ConsoleBrowser.start();
    }

    @AfterAll
    static void stopBrowser() {
        if (browser != null) {
            browser.close();
        }
    }

    @AfterEach
    void healthyBreakerAndShippedRoutes() throws IOException {
        BREAKER.setDefault(okFrom("breaker"));
        Files.deleteIfExists(ROUTES.resolve("broken.camel.yaml"));
    }

    @Test
    void anOperatorSignsInAndSeesProvidersCircuitsRoutesAndTheCache() throws IOException {
        signIn();

        // providers of the gateway on its fakes
        WebElement breaker = browser.await(By.cssSelector("[data-testid=provider-res-breaker]"));
        assertThat(browser.driver.getCurrentUrl()).doesNotContain(ADMIN_KEY);
        assertThat(breaker.findElement(By.cssSelector("[data-testid=circuit]")).getText()).isEqualTo("CLOSED");
        assertThat(browser.text(By.cssSelector("[data-testid=provider-openai]"))).contains("openai");
        assertThat(browser.storage()).doesNotContain(ADMIN_KEY);

        // failing the provider opens its circuit (window of 4 calls, 50%), and the page shows it within a refresh
        BREAKER.setDefault(Answer.json(500, OpenAiWire.error("Internal error", "server_error", null, null)));
        for (int i = 0; i < 4; i++) {
            post("/v1/chat/completions", BREAKER_CHAT, bearer(HASHED_KEY));
        }
        browser.waitFor().until(ExpectedConditions.textToBe(
                By.cssSelector("[data-testid=provider-res-breaker] [data-testid=circuit]"), "OPEN"));
        assertThat(browser.text(By.cssSelector("[data-testid=provider-res-breaker] [data-testid=status]"))).isEqualTo("down");
        browser.shot("providers");

        // a broken route file: rejected, with the parser's error
        Files.writeString(ROUTES.resolve("broken.camel.yaml"), "- route:\n    id: [broken\n  from: :\n");
        browser.click(By.cssSelector("[data-testid=nav-routes]"));
        browser.waitFor().until(ExpectedConditions.textToBe(
                By.cssSelector("[data-testid='file-broken.camel.yaml'] [data-testid=file-status]"), "rejected"));
        assertThat(browser.text(By.cssSelector("[data-testid='file-broken.camel.yaml'] [data-testid=file-error]")))
                .containsIgnoringCase("line");
        assertThat(browser.text(By.cssSelector("[data-testid='file-chat-pipeline.camel.yaml'] [data-testid=file-status]")))
                .isEqualTo("loaded");
        // the pipeline diagram comes from Camel's route model: its steps and the routes they call
        WebElement flow = browser.await(By.cssSelector("[data-testid=pipeline-flow]"));
        assertThat(flow.getText()).contains("direct:chat", "direct:validate-request", "direct:cache-lookup",
                "route call-provider-with-tools");
        browser.shot("routes");

        browser.click(By.cssSelector("[data-testid=nav-cache]"));
        assertThat(browser.await(By.cssSelector("[data-testid=hit-rate]")).getText()).contains("%");
        browser.shot("cache");

        if (!hasKeysApi()) {
            // without the database's admin API the Keys and Requests pages say so instead of failing
            browser.click(By.cssSelector("[data-testid=nav-keys]"));
            assertThat(browser.await(By.cssSelector("[data-testid=page-keys] [data-testid=unavailable]")).getText())
                    .contains("Not available on this gateway");
            browser.shot("keys");
            browser.click(By.cssSelector("[data-testid=nav-requests]"));
            assertThat(browser.await(By.cssSelector("[data-testid=page-requests] [data-testid=unavailable]")).getText())
                    .contains("Not available on this gateway");
            browser.shot("requests");
        }

        browser.click(By.cssSelector("[data-testid=sign-out]"));
        browser.await(By.name("key"));
        assertThat(get("/admin/providers").statusCode()).isEqualTo(401);
    }

    @Test
    void anOperatorCreatesAKeyAndSeesItsRequestWithItsCost() throws IOException {
        Assumptions.assumeTrue(hasKeysApi(), "Skipped: this gateway has no /admin/keys (keys as data and the ledger come with"
                + " the database work); the Keys and Requests pages show 'Not available' here, checked in the other test");
        signIn();
        browser.click(By.cssSelector("[data-testid=nav-keys]"));
        String id = "console-" + System.nanoTime();
        WebElement form = browser.await(By.cssSelector("[data-testid=create-key]"));
        form.findElement(By.name("id")).sendKeys(id);
        form.findElement(By.name("budget")).sendKeys("5");
        form.findElement(By.cssSelector("button[type=submit]")).click();
        String secret = browser.await(By.cssSelector("[data-testid=secret-value]")).getText();
        assertThat(secret).startsWith("gk-");
        By row = By.cssSelector("[data-testid='key-" + id + "']");
        browser.await(row);

        // the new key works over HTTP; its spend leaves zero, and its request shows in the ledger with its cost
        String hello = "{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
        assertThat(post("/v1/chat/completions", hello, bearer(secret)).statusCode()).isEqualTo(200);
        browser.waitFor().until(d -> SPENT.matcher(d.findElement(row).getText()).find());
        browser.shot("keys");
        assertThat(browser.storage()).doesNotContain(secret);

        browser.click(By.cssSelector("[data-testid=nav-requests]"));
        WebElement filters = browser.await(By.cssSelector("[data-testid=request-filters]"));
        filters.findElement(By.name("key")).sendKeys(id);
        filters.findElement(By.cssSelector("button[type=submit]")).click();
        By request = By.cssSelector("[data-testid=request-row]");
        browser.waitFor().until(d -> d.findElements(request).size() == 1 && d.findElement(request).getText().contains(id));
        assertThat(browser.text(By.cssSelector("[data-testid=request-row] [data-testid=cost]"))).containsPattern(SPENT);
        browser.click(request);
        assertThat(browser.await(By.cssSelector("[data-testid=request-detail]")).getText()).contains("cost_usd", "gpt-4o-mini");
        browser.shot("requests");
    }

    /** Opens the console, signing in with the admin key through the login form when it shows. */
    private void signIn() throws IOException {
        browser.open(url("/admin/ui"));
        WebElement entry = browser.await(By.cssSelector("[name=key], [data-testid=nav-providers]"));
        if ("key".equals(entry.getDomAttribute("name"))) {
            browser.shot("login");
            entry.sendKeys(ADMIN_KEY);
            browser.click(By.id("sign-in"));
        }
        browser.await(By.cssSelector("[data-testid=nav-providers]"));
    }

    /** Whether this gateway has the database's admin API (keys as data, the ledger). */
    private boolean hasKeysApi() {
        return send(HttpRequest.newBuilder(URI.create(url("/admin/keys"))).header("x-api-key", ADMIN_KEY).GET().build())
                .statusCode() != 404;
    }
}
