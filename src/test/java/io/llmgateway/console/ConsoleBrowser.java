package io.llmgateway.console;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Debian's chromium, headless, through chromedriver, for the console's browser tests; screenshots
 * go to target/console-screenshots/. Skips the calling test class when the browser is not installed.
 */
final class ConsoleBrowser implements AutoCloseable {

    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path SCREENSHOTS = Path.of("target", "console-screenshots");

    final WebDriver driver;

    /** As DockerComposeFileTest does for docker-compose: the README's test command needs nothing installed first. */
    private static synchronized void installWhenMissing() {
        if (Files.isExecutable(CHROMEDRIVER) && Files.isExecutable(CHROMIUM)) {
            return;
        }
        try {
            Process setup = new ProcessBuilder("bash", ".ci/browser-setup.sh").inheritIO().start();
            if (!setup.waitFor(10, java.util.concurrent.TimeUnit.MINUTES)) {
                setup.destroyForcibly();
            }
        } catch (IOException e) {
            // the assumption below says what is missing
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private ConsoleBrowser(WebDriver driver) {
        this.driver = driver;
    }

    static ConsoleBrowser start() throws IOException {
        installWhenMissing();
        Assumptions.assumeTrue(Files.isExecutable(CHROMEDRIVER) && Files.isExecutable(CHROMIUM),
                "Skipped: no /usr/bin/chromedriver and /usr/bin/chromium here, and .ci/browser-setup.sh could not install"
                        + " Debian's chromium and chromium-driver (it needs root and apt-get)");
        Path profile = Files.createTempDirectory("console-chromium");
        ChromeOptions options = new ChromeOptions().setBinary(CHROMIUM.toFile());
        // the machine has no network: nothing of Chromium's own may try to reach out
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--window-size=1400,1000", "--user-data-dir=" + profile);
        // the page's console messages, kept for a failed wait
        options.setCapability("goog:loggingPrefs", Map.of("browser", "ALL"));
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile()).build();
        Files.createDirectories(SCREENSHOTS);
        return new ConsoleBrowser(new ChromeDriver(service, options));
    }

    void open(String url) {
        driver.manage().window().setSize(new Dimension(1400, 1000));
        driver.get(url);
    }

    void click(By by) {
        driver.findElement(by).click();
    }

    String text(By by) {
        return driver.findElement(by).getText();
    }

    /** Waits up to 20 s; on a timeout leaves the page's picture, HTML and console beside the screenshots. */
    WebDriverWait waitFor() {
        return new WebDriverWait(driver, Duration.ofSeconds(20)) {
            @Override
            protected RuntimeException timeoutException(String message, Throwable lastException) {
                try {
                    shot("failure");
                    Files.writeString(SCREENSHOTS.resolve("failure.html"), driver.getPageSource());
                    Files.write(SCREENSHOTS.resolve("failure-console.log"),
                            driver.manage().logs().get(LogType.BROWSER).getAll().stream().map(String::valueOf).toList());
                } catch (IOException | RuntimeException e) {
                    lastException = e;
                }
                return super.timeoutException(message, lastException);
            }
        };
    }

    WebElement await(By by) {
        return waitFor().until(ExpectedConditions.visibilityOfElementLocated(by));
    }

    /** What the page keeps in the browser: local and session storage and the cookies scripts can read. */
    String storage() {
        return String.valueOf(((JavascriptExecutor) driver).executeScript(
                "return JSON.stringify(localStorage) + JSON.stringify(sessionStorage) + document.cookie"));
    }

    /** The whole page, not just the window: the window grows to the page's height first. */
    void shot(String page) throws IOException {
        Object height = ((JavascriptExecutor) driver).executeScript("return document.documentElement.scrollHeight");
        driver.manage().window().setSize(new Dimension(1400, Math.max(800, Math.min(3000, ((Number) height).intValue()))));
        Path png = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE).toPath();
        Files.copy(png, SCREENSHOTS.resolve(page + ".png"), StandardCopyOption.REPLACE_EXISTING);
    }

    @Override
    public void close() {
        driver.quit();
    }
}
