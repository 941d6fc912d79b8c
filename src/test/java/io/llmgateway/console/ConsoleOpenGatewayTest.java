package io.llmgateway.console;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmgateway.support.GatewayTestSupport;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/** With no gateway keys and no admin key the gateway is open, and so is its console, like /admin. */
class ConsoleOpenGatewayTest extends GatewayTestSupport {

    @Test
    void anOpenGatewayShowsTheConsoleWithoutSigningIn() {
        HttpResponse<String> entry = get("/admin/ui/");
        assertThat(entry.statusCode()).isEqualTo(200);
        assertThat(entry.body()).contains("/admin/ui/app/app.js").doesNotContain("name=\"key\"");
        assertThat(json(get("/admin/ui/session").body()).path("open").asBoolean()).isTrue();
        assertThat(get("/admin/ui/app/providers.js").statusCode()).isEqualTo(200);
        assertThat(get("/admin/providers").statusCode()).isEqualTo(200);
    }

    @Test
    void theChatPipelineFlowComesFromCamelsRouteModel() {
        var flow = json(get("/admin/routes/chat-pipeline/flow").body());
        assertThat(flow.path("root").asText()).isEqualTo("chat-pipeline");
        var pipeline = flow.path("routes").path("chat-pipeline");
        assertThat(pipeline.path("from").asText()).isEqualTo("direct:chat");
        assertThat(pipeline.path("steps").findValuesAsText("route")).contains("validate-request", "cache-lookup",
                "call-provider-with-tools", "record-usage");
        // called routes come along, so the diagram can open them
        assertThat(flow.path("routes").has("call-provider-with-tools")).isTrue();
        // a choice keeps its branches apart, each with its condition
        assertThat(flow.path("routes").path("routing-rules").findValuesAsText("type")).contains("choice", "when", "otherwise");
        assertThat(pipeline.path("steps").findValuesAsText("type")).contains("filter");
        assertThat(get("/admin/routes/no-such-route/flow").statusCode()).isEqualTo(404);
    }
}
