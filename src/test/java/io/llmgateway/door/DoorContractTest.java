package io.llmgateway.door;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.llmgateway.support.FakeProvider.Answer;
import io.llmgateway.support.GatewayKeysTestSupport;
import io.llmgateway.support.LogCapture;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.camel.CamelContext;
import org.apache.camel.model.ModelCamelContext;
import org.apache.camel.model.RouteDefinition;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The door contract over real HTTP with gateway keys configured: every path under /v1 refuses a
 * missing or wrong key in its caller's format before reading the body, lets a good key in, and writes
 * exactly one request log line and one metric sample per request, error paths included.
 */
class DoorContractTest extends GatewayKeysTestSupport {

    private static final String EMBEDDING = """
            {"object":"list","data":[{"object":"embedding","index":0,"embedding":[0.5,0.25]}],
             "model":"text-embedding-3-small","usage":{"prompt_tokens":2,"total_tokens":2}}""";

    /** One request per door: method, path, body (null: GET), and the status a good key gets. */
    private record Door(String method, String path, String body, int okStatus) {
        boolean anthropic() {
            return path.equals("/v1/messages");
        }
    }

    private static final List<Door> DOORS = List.of(
            new Door("POST", "/v1/chat/completions", """
                    {"model":"mock-gpt","messages":[{"role":"user","content":"hi"}]}""", 200),
            new Door("POST", "/v1/messages", """
                    {"model":"mock-gpt","max_tokens":20,"messages":[{"role":"user","content":"hi"}]}""", 200),
            new Door("POST", "/v1/responses", """
                    {"model":"mock-gpt","input":"hi","store":false}""", 200),
            new Door("GET", "/v1/responses/resp_nope", null, 404),
            new Door("POST", "/v1/embeddings", """
                    {"model":"text-embedding-3-small","input":"hi"}""", 200),
            new Door("GET", "/v1/models", null, 200),
            new Door("GET", "/v1/batches", null, 200),
            new Door("GET", "/v1/batches/batch_nope", null, 404),
            new Door("GET", "/v1/no-such-path", null, 404));

    @Autowired
    private MeterRegistry meters;
    @Autowired
    private CamelContext camel;

    @Test
    void everyPathRefusesAMissingOrWrongKeyInItsCallersFormatAndRecordsEachRequestOnce() {
        for (Door door : DOORS) {
            for (String presented : new String[] {null, "gk-not-a-key-1234"}) {
                String id = newId();
                double before = requests(401);
                HttpResponse<String> response = send(door, id, presented == null ? Map.of() : bearer(presented));

                assertThat(response.statusCode()).as("%s %s with key %s", door.method(), door.path(), presented).isEqualTo(401);
                String code = presented == null ? "missing_api_key" : "invalid_api_key";
                if (door.anthropic()) {
                    assertThat(json(response.body()).path("type").asText()).isEqualTo("error");
                    assertThat(json(response.body()).at("/error/type").asText()).isEqualTo("authentication_error");
                    assertThat(response.headers().firstValue("request-id")).hasValue(id);
                } else {
                    assertThat(json(response.body()).at("/error/code").asText()).isEqualTo(code);
                    assertThat(response.headers().firstValue("x-request-id")).hasValue(id);
                }
                assertRecordedOnce(id, "status=401", 401, before);
                if (presented != null) {
                    assertThat(LogCapture.requestLine(id)).doesNotContain(presented);
                }
            }
        }
    }

    @Test
    void aGoodKeyIsLetInOnEveryPathAndEachRequestIsRecordedOnceWithTheKey() {
        OPENAI.enqueue(Answer.json(200, EMBEDDING));
        for (Door door : DOORS) {
            String id = newId();
            double before = requests(door.okStatus());
            HttpResponse<String> response = send(door, id, bearer(HASHED_KEY));

            assertThat(response.statusCode()).as("%s %s: %s", door.method(), door.path(), response.body())
                    .isEqualTo(door.okStatus());
            assertRecordedOnce(id, "key=hashed", door.okStatus(), before);
        }
    }

    @Test
    void anUnauthenticatedBodyIsNeverReadNorParsed() {
        String id = newId();
        HttpResponse<String> response = send(new Door("POST", "/v1/chat/completions", "{this is not json", 0), id, Map.of());
        // a 400 invalid_json would mean the body was read before the key was checked
        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(json(response.body()).at("/error/code").asText()).isEqualTo("missing_api_key");
    }

    @Test
    void everyV1RouteEntersThroughDoorInAndLeavesThroughDoorOut() {
        ModelCamelContext model = (ModelCamelContext) camel;
        // Camel inlines a REST verb's direct: route into the REST route, which then holds its steps
        List<RouteDefinition> v1 = model.getRouteDefinitions().stream()
                .filter(r -> r.getInput().getUri().startsWith("rest:") && r.getInput().getUri().contains(":/v1:"))
                .toList();
        assertThat(v1).as("the /v1 REST routes").hasSizeGreaterThanOrEqualTo(6);
        v1.forEach(route -> DoorSteps.assertDoorRoute(model, route));
        DoorSteps.assertDoorRoute(model, model.getRouteDefinition("ws-chat"));
        DoorSteps.assertDoorRoute(model, model.getRouteDefinition("batch-line"));
        // the Kafka route exists only with a broker: KafkaDoorTest checks it
    }

    @Test
    void embeddingsHaveBoundsAndGoThroughTheProvidersGuard() {
        StringBuilder many = new StringBuilder("[");
        for (int i = 0; i < 2049; i++) {
            many.append(i == 0 ? "" : ",").append("\"w\"");
        }
        HttpResponse<String> tooMany = post("/v1/embeddings",
                "{\"model\":\"embed-guarded\",\"input\":" + many + "]}", bearer(HASHED_KEY));
        assertThat(tooMany.statusCode()).isEqualTo(400);
        assertThat(json(tooMany.body()).at("/error/param").asText()).isEqualTo("input");
        HttpResponse<String> tooWide = post("/v1/embeddings",
                "{\"model\":\"embed-guarded\",\"input\":\"x\",\"dimensions\":100000}", bearer(HASHED_KEY));
        assertThat(tooWide.statusCode()).isEqualTo(400);
        assertThat(json(tooWide.body()).at("/error/param").asText()).isEqualTo("dimensions");
        assertThat(EMBED_GUARDED.received()).as("bounds are checked before any provider is asked").isEmpty();

        // two failures open this provider's breaker: the third request never reaches it
        EMBED_GUARDED.enqueue(Answer.json(500, "{\"error\":{\"message\":\"boom\",\"type\":\"server_error\"}}"));
        EMBED_GUARDED.enqueue(Answer.json(500, "{\"error\":{\"message\":\"boom\",\"type\":\"server_error\"}}"));
        for (int i = 0; i < 2; i++) {
            assertThat(post("/v1/embeddings", "{\"model\":\"embed-guarded\",\"input\":\"x\"}", bearer(HASHED_KEY))
                    .statusCode()).isGreaterThanOrEqualTo(500);
        }
        HttpResponse<String> open = post("/v1/embeddings", "{\"model\":\"embed-guarded\",\"input\":\"x\"}", bearer(HASHED_KEY));
        assertThat(open.statusCode()).as(open.body()).isEqualTo(503);
        assertThat(EMBED_GUARDED.received()).hasSize(2);
    }

    @Test
    void embeddingsPassTheKeysModelPolicy() {
        HttpResponse<String> refused = post("/v1/embeddings", "{\"model\":\"text-embedding-3-small\",\"input\":\"x\"}",
                bearer(MOCK_ONLY_KEY));
        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(json(refused.body()).at("/error/code").asText()).isEqualTo("model_not_allowed");
    }

    @Test
    void theActuatorNeedsTheAdminKeyButTheProbesAnswerWithoutDetails() {
        assertThat(get("/actuator/prometheus").statusCode()).isEqualTo(401);
        assertThat(get("/actuator/health").statusCode()).isEqualTo(401);
        assertThat(send(HttpRequest.newBuilder(URI.create(url("/actuator/prometheus")))
                .header("Authorization", "Bearer " + HASHED_KEY).GET().build()).statusCode())
                .as("a gateway key is not the admin key").isEqualTo(401);
        assertThat(get("/v1/models").statusCode()).isEqualTo(401); // one request of this test's own to see
        assertThat(scrape().sum("gen_ai_client_operation_duration_seconds_count", Map.of("status", "401"))).isPositive();
        for (String probe : new String[] {"/actuator/health/readiness", "/actuator/health/liveness"}) {
            HttpResponse<String> response = get(probe);
            assertThat(response.statusCode()).as(probe).isIn(200, 503);
            assertThat(json(response.body()).has("components")).as("%s shows no details: %s", probe, response.body()).isFalse();
        }
    }

    @Test
    void modelNamesACallerMakesUpDoNotGrowTheMetricTags() {
        for (int i = 0; i < 12; i++) {
            HttpResponse<String> response = post("/v1/chat/completions", """
                    {"model":"fake-ollama/made-up-%d","messages":[{"role":"user","content":"hi"}]}""".formatted(i),
                    bearer(HASHED_KEY));
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        }
        List<String> tags = meters.find("gen_ai.client.operation.duration").timers().stream()
                .map(t -> t.getId().getTag("model")).filter(m -> m.startsWith("fake-ollama/")).distinct().toList();
        assertThat(tags).containsExactly("fake-ollama/*");
    }

    // ---- helpers ----

    private HttpResponse<String> send(Door door, String requestId, Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url(door.path())))
                .timeout(Duration.ofSeconds(30)).header("X-Request-Id", requestId);
        if (door.body() != null) {
            request.header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(door.body()));
        } else {
            request.GET();
        }
        if (door.anthropic()) {
            request.header("anthropic-version", "2023-06-01");
        }
        headers.forEach(request::header);
        return send(request.build());
    }

    /** The request's sample reaches the metrics (written beside its line), then exactly one line names it. */
    private void assertRecordedOnce(String requestId, String expected, int status, double before) {
        // an unknown path is recorded by the filter after its answer went: wait for the line too
        await().atMost(Duration.ofSeconds(10)).until(() -> requests(status) >= before + 1
                && LogCapture.lines().stream().anyMatch(l -> l.contains("request_id=" + requestId)));
        assertThat(requests(status)).as("one request metric sample for %s", requestId).isEqualTo(before + 1);
        assertThat(LogCapture.requestLine(requestId)).contains(expected).contains("status=" + status);
    }

    private double requests(int status) {
        return meters.find("gen_ai.client.operation.duration").tags("door", "http", "status", Integer.toString(status))
                .timers().stream().mapToLong(Timer::count).sum();
    }

    private static String newId() {
        return "req-door-" + UUID.randomUUID();
    }
}
