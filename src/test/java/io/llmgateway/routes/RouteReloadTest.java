package io.llmgateway.routes;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmgateway.support.FakeProvider.Answer;
import io.llmgateway.support.GatewayTestSupport;
import io.llmgateway.support.OpenAiWire;
import io.llmgateway.support.ShippedRoutes;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Integrators edit route files while the gateway serves traffic: good edits apply within 2 s,
 * broken ones are rejected with the old routes still answering. Works on a copy of routes/.
 */
class RouteReloadTest extends GatewayTestSupport {

    private static final Path ROUTES = ShippedRoutes.copy("gateway-routes");
    private static final String HELLO = "{\"model\":\"%s\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";

    @DynamicPropertySource
    static void routesCopy(DynamicPropertyRegistry registry) {
        registry.add("gateway.routes.dir", ROUTES::toString);
        // one file door per inbox: the shared context already watches it
        registry.add("gateway.batch.enabled", () -> "false");
    }

    @BeforeEach
    void answerAsFakeOpenAi() {
        OPENAI.reset(Answer.json(200, OpenAiWire.completion("gpt-4o-mini-2024-07-18", "Hello from fake OpenAI")));
    }

    @AfterEach
    void restoreShippedRoutes() throws IOException {
        try (Stream<Path> files = Files.list(ROUTES)) {
            for (Path file : files.toList()) {
                Path shipped = Path.of("routes").resolve(file.getFileName());
                if (!Files.exists(shipped)) {
                    Files.delete(file);
                } else if (Files.mismatch(shipped, file) != -1) {
                    Files.copy(shipped, file, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
        awaitTrue(() -> post("/v1/chat/completions", HELLO.formatted("gpt-4o-mini")).body().contains("Hello from fake OpenAI")
                && get("/admin/routes").body().contains("\"lastError\":null"));
    }

    @Test
    void aChangedRouteReroutesLiveTrafficWithinTwoSeconds() throws IOException {
        assertThat(post("/v1/chat/completions", HELLO.formatted("gpt-4o-mini")).body()).contains("Hello from fake OpenAI");

        edit("chat-pipeline.camel.yaml", "uri: \"direct:provider-guard-${exchangeProperty.gatewayProvider}\"",
                "uri: \"direct:provider-guard-mock\"");

        long start = System.nanoTime();
        awaitTrue(() -> post("/v1/chat/completions", HELLO.formatted("gpt-4o-mini")).body().contains("mock response"));
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
    }

    @Test
    void aYamlSyntaxErrorIsRejectedAndTheOldRoutesKeepServing() throws IOException {
        edit("http-door.camel.yaml", "- route:\n    id: http-list-models", "- route:\n    id: [http-list-models\n  broken: :");

        JsonNode status = awaitError("http-door.camel.yaml");
        assertThat(status.path("lastError").path("reason").asText()).containsIgnoringCase("line");
        assertThat(post("/v1/chat/completions", HELLO.formatted("mock-gpt")).statusCode()).isEqualTo(200);
        assertThat(get("/v1/models").statusCode()).isEqualTo(200);
    }

    @Test
    void anUnknownEipIsRejected() throws IOException {
        edit("chat-pipeline.camel.yaml", "        - to: direct:enrich-context", "        - teleport: direct:enrich-context");

        awaitError("chat-pipeline.camel.yaml");
        assertThat(post("/v1/chat/completions", HELLO.formatted("mock-gpt")).statusCode()).isEqualTo(200);
    }

    @Test
    void aBadEndpointUriIsRejectedAndTheRouteStillAnswers() throws IOException {
        edit("chat-pipeline.camel.yaml", "        - to: direct:enrich-context", "        - to: \"no-such-component:enrich\"");

        JsonNode status = awaitError("chat-pipeline.camel.yaml");
        assertThat(status.path("lastError").path("reason").asText()).contains("no-such-component");
        HttpResponse<String> response = post("/v1/chat/completions", HELLO.formatted("mock-gpt"));
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(status.path("routes").findValuesAsText("id")).contains("chat-pipeline", "enrich-context");
    }

    @Test
    void aMissingBeanIsRejected() throws IOException {
        edit("chat-pipeline.camel.yaml", "            ref: contextEnricher", "            ref: noSuchEnricher");

        JsonNode status = awaitError("chat-pipeline.camel.yaml");
        assertThat(status.path("lastError").path("reason").asText()).contains("noSuchEnricher");
        assertThat(post("/v1/chat/completions", HELLO.formatted("mock-gpt")).statusCode()).isEqualTo(200);
    }

    @Test
    void anAddedFileAddsItsRoutesAndRemovingItRemovesThem() throws IOException {
        Files.writeString(ROUTES.resolve("ping.camel.yaml"), """
                - rest:
                    id: ping-api
                    get:
                      - id: rest-ping
                        path: /ping
                        to: direct:ping
                - route:
                    id: ping
                    from:
                      uri: direct:ping
                      steps:
                        - setBody:
                            constant: pong
                """);
        awaitTrue(() -> get("/ping").body().equals("pong"));
        assertThat(json(get("/admin/routes").body()).path("routes").findValuesAsText("source")).contains("ping.camel.yaml");

        Files.delete(ROUTES.resolve("ping.camel.yaml"));
        awaitTrue(() -> get("/ping").statusCode() == 404);
        assertThat(json(get("/admin/routes").body()).path("routes").findValuesAsText("id")).doesNotContain("ping");
    }

    private JsonNode awaitError(String file) {
        awaitTrue(() -> json(get("/admin/routes").body()).path("lastError").path("file").asText().endsWith(file));
        return json(get("/admin/routes").body());
    }

    private static void edit(String file, String from, String to) throws IOException {
        Path path = ROUTES.resolve(file);
        String text = Files.readString(path);
        assertThat(text).contains(from);
        Files.writeString(path, text.replace(from, to));
    }

    private static void awaitTrue(java.util.function.BooleanSupplier condition) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within 10 s");
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }
}
