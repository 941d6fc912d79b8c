package io.llmgateway.console;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmgateway.support.GatewayTestSupport;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.ExpectedConditions;

/**
 * The console of an open gateway (no keys at all) in a real browser: no login, and the Batches page
 * follows a dropped batch file to its counts. This context owns the suite's file door.
 */
class ConsoleOpenBrowserTest extends GatewayTestSupport {

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

    @Test
    void anOpenGatewaysConsoleNeedsNoLoginAndFollowsABatchToItsCounts() throws IOException {
        browser.open(url("/admin/ui/"));
        browser.await(By.cssSelector("[data-testid=provider-mock]"));
        assertThat(browser.driver.findElements(By.name("key"))).isEmpty();
        assertThat(browser.driver.findElements(By.cssSelector("[data-testid=sign-out]"))).isEmpty();

        // two good lines and one for an unknown model, written aside and renamed in (no half-read file)
        String name = "console-" + System.nanoTime();
        Path inbox = BATCH_DIR.resolve("inbox");
        Files.createDirectories(inbox);
        Files.writeString(inbox.resolve(name + ".jsonl.tmp"),
                String.join("\n", line("a", "mock-gpt"), line("b", "mock-gpt"), line("c", "no-such-model")) + "\n");
        Files.move(inbox.resolve(name + ".jsonl.tmp"), inbox.resolve(name + ".jsonl"));

        browser.click(By.cssSelector("[data-testid=nav-batches]"));
        By batch = By.cssSelector("[data-testid='batch-batch_" + name + "']");
        browser.waitFor().until(ExpectedConditions.textMatches(batch, Pattern.compile("completed\\s+2\\s+1\\s+3\\b")));
        browser.shot("batches");
    }

    private static String line(String id, String model) {
        return "{\"custom_id\":\"" + id + "\",\"method\":\"POST\",\"url\":\"/v1/chat/completions\",\"body\":{\"model\":\""
                + model + "\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}}";
    }
}
