package io.llmgateway.responsesdoor;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmgateway.support.GatewayKeysTestSupport;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** With gateway keys, a stored response belongs to the key that created it: any other key gets 404. */
class ResponsesKeysTest extends GatewayKeysTestSupport {

    @Test
    void anotherKeyCannotReadOrDeleteAStoredResponse() {
        HttpResponse<String> created = post("/v1/responses", "{\"model\":\"mock-gpt\",\"input\":\"Team A's plan\"}",
                bearer(TEAM_A_KEY));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(200);
        String id = json(created.body()).path("id").asText();

        assertThat(get("/v1/responses/" + id, bearer(METERED_KEY)).statusCode()).isEqualTo(404);
        assertThat(get("/v1/responses/" + id + "/input_items", bearer(METERED_KEY)).statusCode()).isEqualTo(404);
        assertThat(delete("/v1/responses/" + id, bearer(METERED_KEY)).statusCode()).isEqualTo(404);
        assertThat(get("/v1/responses/" + id, Map.of()).statusCode()).isEqualTo(401);
        HttpResponse<String> continued = post("/v1/responses",
                "{\"model\":\"mock-gpt\",\"input\":\"More\",\"previous_response_id\":\"" + id + "\"}", bearer(METERED_KEY));
        assertThat(continued.statusCode()).isEqualTo(400);
        assertThat(json(continued.body()).path("error").path("param").asText()).isEqualTo("previous_response_id");

        HttpResponse<String> mine = get("/v1/responses/" + id, bearer(TEAM_A_KEY));
        assertThat(mine.statusCode()).isEqualTo(200);
        assertThat(json(mine.body()).path("id").asText()).isEqualTo(id);
        assertThat(delete("/v1/responses/" + id, bearer(TEAM_A_KEY)).statusCode()).isEqualTo(200);
        assertThat(get("/v1/responses/" + id, bearer(TEAM_A_KEY)).statusCode()).isEqualTo(404);
    }

    private HttpResponse<String> get(String path, Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url(path))).timeout(Duration.ofSeconds(30)).GET();
        headers.forEach(request::header);
        return send(request.build());
    }

    private HttpResponse<String> delete(String path, Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url(path))).timeout(Duration.ofSeconds(30)).DELETE();
        headers.forEach(request::header);
        return send(request.build());
    }
}
