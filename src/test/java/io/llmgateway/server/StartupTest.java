package io.llmgateway.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.llmgateway.GatewayApplication;
import io.llmgateway.support.FakeProvider;
import io.llmgateway.support.LogCapture;
import io.llmgateway.support.OllamaWire;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Starts the gateway as a user would with their own overlay (spring.config.additional-location)
 * that replaces gateway.models, while a prober knocks on its API every 50 ms from the first
 * accepted connection on: no 404 for a real path, ever, and the shipped routing tables that name
 * models the overlay dropped are skipped with one warning each instead of failing the start.
 */
class StartupTest {

    private static final FakeProvider OLLAMA =
            new FakeProvider(FakeProvider.Answer.json(200, OllamaWire.text("llama3.2", "Hello from fake Ollama")));
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();
    private static final String CHAT = "{\"model\":\"mock-gpt\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";

    record Probe(String target, int status, String retryAfter, String body) {
    }

    private static final ConcurrentLinkedQueue<Probe> PROBES = new ConcurrentLinkedQueue<>();
    private static ConfigurableApplicationContext gateway;
    private static int port;
    private static List<String> startLog;

    @BeforeAll
    static void startWithProberRunning() throws Exception {
        port = freePort();
        Path overlay = Files.createTempFile("gateway-overlay-", ".yaml");
        Files.writeString(overlay, """
                gateway:
                  routes:
                    reload-enabled: false
                  batch:
                    enabled: false
                  providers:
                    my-ollama:
                      kind: ollama
                      base-url: %s
                  models:
                    - name: mock-gpt
                      provider: mock
                      model: mock-gpt
                    - name: my-llama
                      provider: my-ollama
                      model: llama3.2
                """.formatted(OLLAMA.baseUrl()));
        AtomicBoolean stop = new AtomicBoolean();
        Thread prober = Thread.ofPlatform().daemon().name("start-prober").start(() -> probe(stop));
        int logMark = LogCapture.lines().size();
        gateway = new SpringApplicationBuilder(GatewayApplication.class).run(
                "--server.port=" + port,
                // its own store, never the worktree's data/gateway
                "--spring.datasource.url=" + io.llmgateway.support.TestDatabases.newH2Url(),
                "--spring.config.additional-location=file:" + overlay);
        startLog = LogCapture.lines().subList(logMark, LogCapture.lines().size());
        // a few more rounds once started, then stop
        long answeredAtStart = PROBES.size();
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (PROBES.size() < answeredAtStart + 6 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        stop.set(true);
        prober.join(5_000);
    }

    @AfterAll
    static void stopGateway() {
        if (gateway != null) {
            gateway.close();
        }
        OLLAMA.close();
    }

    @Test
    void apiNeverAnswers404WhileStarting() throws Exception {
        List<Probe> probes = List.copyOf(PROBES);
        long unavailable = probes.stream().filter(p -> p.status() == 503).count();
        System.out.printf("start probes: %d answered, %d x 503 before the routes were up%n", probes.size(), unavailable);

        assertThat(probes).isNotEmpty();
        assertThat(probes).extracting(Probe::status).doesNotContain(404).allMatch(s -> s == 200 || s == 503);
        for (Probe p : probes) {
            if (p.status() == 503) {
                assertThat(p.retryAfter()).isEqualTo("1");
                assertThat(new ObjectMapper().readTree(p.body()).path("error").path("code").asText()).isEqualTo("starting");
            }
        }
        assertThat(probes.get(probes.size() - 1).status()).isEqualTo(200);
    }

    @Test
    void shippedRoutingEntriesNamingDroppedModelsAreSkippedWithOneWarningEach() {
        List<String> warnings = startLog.stream()
                .filter(l -> l.startsWith("WARN") && l.contains("gateway.routing.") && l.contains("entry skipped"))
                .toList();

        assertThat(warnings).hasSize(5);
        for (String task : List.of("code", "analysis", "creative", "simple", "general")) {
            assertThat(warnings).filteredOn(l -> l.contains("gateway.routing.tasks." + task + " names model")).hasSize(1);
        }
    }

    @Test
    void ollamaProviderNeedsNoRequiresApiKeyLine() throws Exception {
        HttpResponse<String> models = HTTP.send(HttpRequest.newBuilder(uri("/v1/models")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(models.body()).contains("\"my-llama\"");

        HttpResponse<String> chat = HTTP.send(HttpRequest.newBuilder(uri("/v1/chat/completions"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(CHAT.replace("mock-gpt", "my-llama"))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(chat.statusCode()).as(chat.body()).isEqualTo(200);
        assertThat(chat.body()).contains("Hello from fake Ollama");
    }

    /** Until the port accepts, keeps trying; from then on both paths every 50 ms. */
    private static void probe(AtomicBoolean stop) {
        boolean connected = false;
        while (!stop.get()) {
            try {
                PROBES.add(send("GET /v1/models", HttpRequest.newBuilder(uri("/v1/models")).GET()));
                connected = true;
                PROBES.add(send("POST /v1/chat/completions", HttpRequest.newBuilder(uri("/v1/chat/completions"))
                        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(CHAT))));
            } catch (IOException e) {
                if (connected) {
                    throw new IllegalStateException("The gateway dropped a probe after accepting connections", e);
                }
            } catch (InterruptedException e) {
                return;
            }
            try {
                Thread.sleep(connected ? 50 : 5);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private static Probe send(String target, HttpRequest.Builder request) throws IOException, InterruptedException {
        HttpResponse<String> response = HTTP.send(request.timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
        return new Probe(target, response.statusCode(), response.headers().firstValue("Retry-After").orElse(null),
                response.body());
    }

    private static URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
