package io.llmgateway.routes;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmgateway.support.GatewayTestSupport;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Started from the project folder with no GATEWAY_ROUTES_DIR, the gateway serves and watches ./routes. */
class RoutesLocationTest extends GatewayTestSupport {

    @Test
    void defaultRunLoadsAndWatchesTheRoutesFolder() {
        JsonNode status = json(get("/admin/routes").body());

        assertThat(status.path("routesDir").asText()).isEqualTo(Path.of("routes").toAbsolutePath().normalize().toString());
        assertThat(status.path("reloadEnabled").asBoolean()).isTrue();
        assertThat(status.path("routes").findValuesAsText("source")).contains("chat-pipeline.camel.yaml", "http-door.camel.yaml");
    }
}
