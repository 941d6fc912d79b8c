package io.llmgateway.support;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Starts the whole gateway on a random port, with the shipped application.yaml and routes/ plus
 * the providers in gateway-fakes.yaml pointed at real fake vendor servers. Subclasses share
 * one Spring context (same configuration), so the suite starts the gateway once.
 */
// metrics export (/actuator/prometheus) is off in Spring Boot tests unless asked for
@AutoConfigureObservability
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        // an additional location outranks ./application.yaml, so its model list replaces the shipped one
        properties = "spring.config.additional-location=classpath:/gateway-fakes.yaml")
public abstract class GatewayTestSupport {

    public static final String FAKE_OPENAI_KEY = "sk-fake-openai-secret-0123456789";

    /** Each vendor fake's standing answer, as it is when the suite starts (restoreStandingAnswers). */
    private static final FakeProvider.Answer OPENAI_ANSWER =
            FakeProvider.Answer.json(200, OpenAiWire.completion("gpt-4o-mini-2024-07-18", "Hello from fake OpenAI"));
    private static final FakeProvider.Answer ANTHROPIC_ANSWER =
            FakeProvider.Answer.json(200, AnthropicWire.text("claude-sonnet-4-5-20250929", "Hello from fake Anthropic"));
    private static final FakeProvider.Answer GEMINI_ANSWER = FakeProvider.Answer.json(200, GeminiWire.text("Hello from fake Gemini"));
    private static final FakeProvider.Answer OLLAMA_ANSWER =
            FakeProvider.Answer.json(200, OllamaWire.text("llama3.2", "Hello from fake Ollama"));
    private static final FakeProvider.Answer AZURE_ANSWER =
            FakeProvider.Answer.json(200, OpenAiWire.completion("gpt-4o-2024-08-06", "Hello from fake Azure"));
    private static final FakeProvider.Answer BEDROCK_ANSWER = FakeProvider.Answer.json(200, BedrockWire.text("Hello from fake Bedrock"));

    public static final FakeProvider OPENAI = new FakeProvider(OPENAI_ANSWER);

    /** A plain HTTP API for the http-get tool; only this host:port is on its allow-list (gateway-fakes.yaml). */
    public static final FakeProvider TOOL_API = new FakeProvider(FakeProvider.Answer.json(200, "{\"ok\":true}"));
    /** Fake native vendors (issue 3): each speaks its vendor's own wire format. */
    public static final String FAKE_ANTHROPIC_KEY = "sk-ant-fake-secret-0123456789";
    public static final String FAKE_GEMINI_KEY = "AIza-fake-gemini-secret-0123456789";
    public static final String FAKE_AZURE_KEY = "fake-azure-secret-0123456789";
    public static final FakeProvider ANTHROPIC = new FakeProvider(ANTHROPIC_ANSWER);
    public static final FakeProvider GEMINI = new FakeProvider(GEMINI_ANSWER);
    public static final FakeProvider OLLAMA = new FakeProvider(OLLAMA_ANSWER);
    public static final FakeProvider AZURE = new FakeProvider(AZURE_ANSWER);
    public static final FakeProvider BEDROCK = new FakeProvider(BEDROCK_ANSWER);

    /** Gives each vendor fake its standing answer back (an earlier test class may have set another) and clears its log. */
    public static void restoreStandingAnswers() {
        OPENAI.reset(OPENAI_ANSWER);
        ANTHROPIC.reset(ANTHROPIC_ANSWER);
        GEMINI.reset(GEMINI_ANSWER);
        OLLAMA.reset(OLLAMA_ANSWER);
        AZURE.reset(AZURE_ANSWER);
        BEDROCK.reset(BEDROCK_ANSWER);
    }
    /** Fake AWS credentials for the standard chain (system properties come first in it). */
    public static final String FAKE_AWS_ACCESS_KEY = "AKIDFAKEGATEWAYTEST";
    public static final String FAKE_AWS_SECRET_KEY = "fake/aws/secret/key/0123456789abcdefghij";

    static {
        System.setProperty("aws.accessKeyId", FAKE_AWS_ACCESS_KEY);
        System.setProperty("aws.secretAccessKey", FAKE_AWS_SECRET_KEY);
    }

    /** Fault-injecting fake vendors for the resilience tests, one per scenario so breaker state stays apart. */
    public static final FakeProvider PRIMARY = fakeOpenAi("primary");
    public static final FakeProvider BACKUP = fakeOpenAi("backup");
    public static final FakeProvider BREAKER = fakeOpenAi("breaker");
    public static final FakeProvider NARROW = fakeOpenAi("narrow");
    public static final FakeProvider WIDE = fakeOpenAi("wide");
    public static final FakeProvider RATED = fakeOpenAi("rated");
    public static final FakeProvider WEIGHTED = fakeOpenAi("weighted");
    public static final FakeProvider EMBED_GUARDED = fakeOpenAi("embed-guarded");

    public static FakeProvider.Answer okFrom(String name) {
        return FakeProvider.Answer.json(200, OpenAiWire.completion("model-" + name, "Hello from " + name));
    }

    private static FakeProvider fakeOpenAi(String name) {
        return new FakeProvider(okFrom(name));
    }

    /** A vendor streaming endpoint on a raw socket (real chunked SSE with scripted pauses and cuts). */
    public static final StreamingFake STREAMING = new StreamingFake();

    protected static final ObjectMapper JSON = new ObjectMapper();
    protected static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** The file door's folders for the whole suite: a fresh temporary directory, never the worktree's data/. */
    public static final Path BATCH_DIR = tempDir();

    @LocalServerPort
    protected int port;

    @DynamicPropertySource
    static void fakeProviders(DynamicPropertyRegistry registry) {
        registry.add("fake.openai.url", () -> OPENAI.baseUrl() + "/v1");
        registry.add("fake.openai.key", () -> FAKE_OPENAI_KEY);
        registry.add("fake.toolapi.hostport", () -> TOOL_API.baseUrl().substring("http://".length()));
        registry.add("fake.primary.url", () -> PRIMARY.baseUrl() + "/v1");
        registry.add("fake.backup.url", () -> BACKUP.baseUrl() + "/v1");
        registry.add("fake.breaker.url", () -> BREAKER.baseUrl() + "/v1");
        registry.add("fake.narrow.url", () -> NARROW.baseUrl() + "/v1");
        registry.add("fake.wide.url", () -> WIDE.baseUrl() + "/v1");
        registry.add("fake.rated.url", () -> RATED.baseUrl() + "/v1");
        registry.add("fake.weighted.url", () -> WEIGHTED.baseUrl() + "/v1");
        registry.add("fake.embedguarded.url", () -> EMBED_GUARDED.baseUrl() + "/v1");
        registry.add("fake.anthropic.url", ANTHROPIC::baseUrl);
        registry.add("fake.anthropic.key", () -> FAKE_ANTHROPIC_KEY);
        registry.add("fake.gemini.url", () -> GEMINI.baseUrl() + "/v1beta");
        registry.add("fake.gemini.key", () -> FAKE_GEMINI_KEY);
        registry.add("fake.ollama.url", OLLAMA::baseUrl);
        registry.add("fake.azure.url", AZURE::baseUrl);
        registry.add("fake.azure.key", () -> FAKE_AZURE_KEY);
        registry.add("fake.bedrock.url", BEDROCK::baseUrl);
        registry.add("fake.stream.url", () -> STREAMING.baseUrl() + "/v1");
        registry.add("fake.stream.root", STREAMING::baseUrl);
        registry.add("fake.stream.hostport", () -> STREAMING.baseUrl().substring("http://".length()));
        registry.add("fake.closed.url", () -> "http://127.0.0.1:" + closedPort() + "/v1");
        for (String folder : new String[] {"inbox", "outbox", "done", "failed"}) {
            registry.add("gateway.batch." + folder, () -> BATCH_DIR.resolve(folder).toString());
        }
        registry.add("gateway.batch.read-lock-min-age", () -> "300ms");
        // A store per Spring context (this method runs once for each): contexts with other keys must
        // not see each other's keys or spend. A fresh H2 file, never the worktree's data/gateway.
        String database = TestDatabases.newH2Url();
        registry.add("spring.datasource.url", () -> database);
        registry.add("gateway.batch.progress-interval", () -> "1s");
        registry.add("gateway.batch.max-line-size", () -> "64KB");
    }

    protected String url(String path) {
        return "http://127.0.0.1:" + port + path;
    }

    protected HttpResponse<String> post(String path, String body, Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url(path)))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        headers.forEach(request::header);
        return send(request.build());
    }

    protected HttpResponse<String> post(String path, String body) {
        return post(path, body, Map.of());
    }

    /** Every meter the gateway publishes now, read over HTTP from /actuator/prometheus. */
    protected Prometheus scrape() {
        // the actuator needs the admin key once keys are configured (open contexts let any caller in)
        HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(url("/actuator/prometheus")))
                .header("x-api-key", GatewayKeysTestSupport.ADMIN_KEY).GET().build());
        assertThat(response.statusCode()).isEqualTo(200);
        return Prometheus.parse(response.body());
    }

    /** A meter's current value: the sum over the series carrying these labels. */
    protected double metric(String name, Map<String, String> labels) {
        return scrape().sum(name, labels);
    }

    protected HttpResponse<String> get(String path) {
        return send(HttpRequest.newBuilder(URI.create(url(path))).timeout(Duration.ofSeconds(30)).GET().build());
    }

    protected static HttpResponse<String> send(HttpRequest request) {
        try {
            return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    protected static JsonNode json(String body) {
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            throw new AssertionError("Not JSON: " + body, e);
        }
    }

    private static Path tempDir() {
        try {
            return Files.createTempDirectory("gateway-batch-");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A port nothing listens on: connections to it are refused. */
    private static int closedPort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
