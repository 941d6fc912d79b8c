package io.llmgateway.console;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmgateway.support.FakeProvider.Answer;
import io.llmgateway.support.OpenAiWire;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The console in a real browser (Debian's chromium through chromedriver, headless): sign in, see the
 * providers of the gateway on its fake upstreams, watch a failing provider's circuit open, see a
 * broken route file rejected with its error. Screenshots of each page go to target/console-screenshots/.
 */
class ConsoleBrowserTest extends ConsoleTestSupport {

    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path SCREENSHOTS = Path.of("target", "console-screenshots");
    private static final String HELLO = "{\"model\":\"breaker-model\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";

    /** A dollar figure above zero, as the console writes small ones ($0.000008). */
    private static final java.util.regex.Pattern SPENT = java.util.regex.Pattern.compile("\\$0\\.0*[1-9]");

    private static WebDriver browser;
    private static Path profile;

    @BeforeAll
    static void startBrowser() throws IOException {
        Assumptions.assumeTrue(Files.isExecutable(CHROMEDRIVER) && Files.isExecutable(CHROMIUM),
                "Skipped: no /usr/bin/chromedriver and /usr/bin/chromium here; install Debian's chromium and chromium-driver"
                        + " (.ci/run does so when it runs as root)");
        profile = Files.createTempDirectory("console-chromium");
        ChromeOptions options = new ChromeOptions().setBinary(CHROMIUM.toFile());
        // the machine has no network: nothing of Chromium's own may try to reach out
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--window-size=1400,1000", "--user-data-dir=" + profile);
        // the page's console messages, kept for a failed wait
        options.setCapability("goog:loggingPrefs", java.util.Map.of("browser", "ALL"));
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile()).build();
        browser = new ChromeDriver(service, options);
        Files.createDirectories(SCREENSHOTS);
    }

    @AfterAll
    static void stopBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    @AfterEach
    void healthyBreakerAndShippedRoutes() throws IOException {
        BREAKER.setDefault(okFrom("breaker"));
        Files.deleteIfExists(ROUTES.resolve("broken.camel.yaml"));
    }

    /** Opens the console, signing in with the admin key through the login form when it shows. */
    private void signIn() throws IOException {
        browser.manage().window().setSize(new org.openqa.selenium.Dimension(1400, 1000));
        browser.get(url("/admin/ui"));
        WebElement entry = await(By.cssSelector("[name=key], [data-testid=nav-providers]"));
        if ("key".equals(entry.getDomAttribute("name"))) {
            shot("login");
            entry.sendKeys(ADMIN_KEY);
            browser.findElement(By.id("sign-in")).click();
        }
        await(By.cssSelector("[data-testid=nav-providers]"));
    }

    /** Whether this gateway has the database's admin API (keys as data, the ledger). */
    private boolean hasKeysApi() {
        return send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(url("/admin/keys")))
                .header("x-api-key", ADMIN_KEY).GET().build()).statusCode() != 404;
    }

    @Test
    void anOperatorSignsInAndSeesProvidersCircuitsRoutesCacheAndBatches() throws IOException {
        signIn();

        // providers of the gateway on its fakes
        WebElement breaker = await(By.cssSelector("[data-testid=provider-res-breaker]"));
        assertThat(browser.getCurrentUrl()).doesNotContain(ADMIN_KEY);
        assertThat(breaker.findElement(By.cssSelector("[data-testid=circuit]")).getText()).isEqualTo("CLOSED");
        assertThat(browser.findElement(By.cssSelector("[data-testid=provider-openai]")).getText()).contains("openai");
        assertThat(storage()).doesNotContain(ADMIN_KEY);

        // failing the provider opens its circuit (window of 4 calls, 50%), and the page shows it within a refresh
        BREAKER.setDefault(Answer.json(500, OpenAiWire.error("Internal error", "server_error", null, null)));
        for (int i = 0; i < 4; i++) {
            post("/v1/chat/completions", HELLO, bearer(HASHED_KEY));
        }
        waitFor().until(ExpectedConditions.textToBe(
                By.cssSelector("[data-testid=provider-res-breaker] [data-testid=circuit]"), "OPEN"));
        assertThat(browser.findElement(By.cssSelector("[data-testid=provider-res-breaker] [data-testid=status]")).getText())
                .isEqualTo("down");
        shot("providers");

        // a broken route file: rejected, with the parser's error
        Files.writeString(ROUTES.resolve("broken.camel.yaml"), "- route:\n    id: [broken\n  from: :\n");
        browser.findElement(By.cssSelector("[data-testid=nav-routes]")).click();
        By brokenStatus = By.cssSelector("[data-testid='file-broken.camel.yaml'] [data-testid=file-status]");
        waitFor().until(ExpectedConditions.textToBe(brokenStatus, "rejected"));
        assertThat(browser.findElement(By.cssSelector("[data-testid='file-broken.camel.yaml'] [data-testid=file-error]"))
                .getText()).containsIgnoringCase("line");
        assertThat(browser.findElement(By.cssSelector("[data-testid='file-chat-pipeline.camel.yaml'] [data-testid=file-status]"))
                .getText()).isEqualTo("loaded");
        // the pipeline diagram comes from Camel's route model: its steps and the routes they call
        WebElement flow = await(By.cssSelector("[data-testid=pipeline-flow]"));
        assertThat(flow.getText()).contains("direct:chat", "direct:validate-request", "direct:cache-lookup",
                "route call-provider-with-tools");
        shot("routes");

        browser.findElement(By.cssSelector("[data-testid=nav-cache]")).click();
        assertThat(await(By.cssSelector("[data-testid=hit-rate]")).getText()).contains("%");
        shot("cache");

        browser.findElement(By.cssSelector("[data-testid=nav-batches]")).click();
        await(By.cssSelector("[data-testid=page-batches] h2"));
        shot("batches");

        if (!hasKeysApi()) {
            // without the database's admin API the Keys and Requests pages say so instead of failing
            browser.findElement(By.cssSelector("[data-testid=nav-keys]")).click();
            assertThat(await(By.cssSelector("[data-testid=page-keys] [data-testid=unavailable]")).getText())
                    .contains("Not available on this gateway");
            shot("keys");
            browser.findElement(By.cssSelector("[data-testid=nav-requests]")).click();
            assertThat(await(By.cssSelector("[data-testid=page-requests] [data-testid=unavailable]")).getText())
                    .contains("Not available on this gateway");
            shot("requests");
        }

        browser.findElement(By.cssSelector("[data-testid=sign-out]")).click();
        await(By.name("key"));
        assertThat(get("/admin/providers").statusCode()).isEqualTo(401);
    }

    @Test
    void anOperatorCreatesAKeyAndSeesItsRequestWithItsCost() throws IOException {
        Assumptions.assumeTrue(hasKeysApi(), "Skipped: this gateway has no /admin/keys (keys as data and the ledger come with"
                + " the database work); the Keys and Requests pages show 'Not available' here, checked in the other test");
        signIn();
        browser.findElement(By.cssSelector("[data-testid=nav-keys]")).click();
        String id = "console-" + System.nanoTime();
        WebElement form = await(By.cssSelector("[data-testid=create-key]"));
        form.findElement(By.name("id")).sendKeys(id);
        form.findElement(By.name("budget")).sendKeys("5");
        form.findElement(By.cssSelector("button[type=submit]")).click();
        String secret = await(By.cssSelector("[data-testid=secret-value]")).getText();
        assertThat(secret).startsWith("gk-");
        await(By.cssSelector("[data-testid='key-" + id + "']"));

        // the new key works over HTTP, and its request shows in the ledger with its cost
        String hello = "{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
        assertThat(post("/v1/chat/completions", hello, bearer(secret)).statusCode()).isEqualTo(200);
        // its spend leaves zero (a few millionths of a dollar)
        waitFor().until(d -> SPENT.matcher(d.findElement(By.cssSelector("[data-testid='key-" + id + "']")).getText()).find());
        shot("keys");
        assertThat(storage()).doesNotContain(secret);

        browser.findElement(By.cssSelector("[data-testid=nav-requests]")).click();
        WebElement filters = await(By.cssSelector("[data-testid=request-filters]"));
        filters.findElement(By.name("key")).sendKeys(id);
        filters.findElement(By.cssSelector("button[type=submit]")).click();
        By row = By.cssSelector("[data-testid=request-row]");
        waitFor().until(d -> d.findElements(row).size() == 1 && d.findElement(row).getText().contains(id));
        assertThat(browser.findElement(By.cssSelector("[data-testid=request-row] [data-testid=cost]")).getText())
                .containsPattern(SPENT);
        browser.findElement(row).click();
        assertThat(await(By.cssSelector("[data-testid=request-detail]")).getText()).contains("cost_usd", "gpt-4o-mini");
        shot("requests");
    }

    private static String storage() {
        Object stored = ((org.openqa.selenium.JavascriptExecutor) browser).executeScript(
                "return JSON.stringify(localStorage) + JSON.stringify(sessionStorage) + document.cookie");
        return String.valueOf(stored);
    }

    /** Waits up to 20 s; on a timeout leaves the page's picture and HTML beside the screenshots. */
    private static WebDriverWait waitFor() {
        return new WebDriverWait(browser, Duration.ofSeconds(20)) {
            @Override
            protected RuntimeException timeoutException(String message, Throwable lastException) {
                try {
                    shot("failure");
                    Files.writeString(SCREENSHOTS.resolve("failure.html"), browser.getPageSource());
                    Files.write(SCREENSHOTS.resolve("failure-console.log"), browser.manage().logs()
                            .get(org.openqa.selenium.logging.LogType.BROWSER).getAll().stream().map(String::valueOf).toList());
                } catch (IOException | RuntimeException e) {
                    lastException = e;
                }
                return super.timeoutException(message, lastException);
            }
        };
    }

    private static WebElement await(By by) {
        return waitFor().until(ExpectedConditions.visibilityOfElementLocated(by));
    }

    /** The whole page, not just the window: the window grows to the page's height first. */
    private static void shot(String page) throws IOException {
        Object height = ((org.openqa.selenium.JavascriptExecutor) browser).executeScript(
                "return document.documentElement.scrollHeight");
        browser.manage().window().setSize(new org.openqa.selenium.Dimension(1400,
                Math.max(800, Math.min(3000, ((Number) height).intValue()))));
        Path png = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE).toPath();
        Files.copy(png, SCREENSHOTS.resolve(page + ".png"), StandardCopyOption.REPLACE_EXISTING);
    }
}
