package io.llmgateway.routing;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmgateway.support.GatewayTestSupport;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The rules in routes/routing-rules.camel.yaml, seen from the caller: which model answered, and why. */
class RoutingRulesTest extends GatewayTestSupport {

    private static final String IMAGE_PART = """
            {"type":"image_url","image_url":{"url":"data:image/png;base64,iVBORw0KGgo="}}""";
    private static final String TOOL = """
            {"type":"function","function":{"name":"get_weather","parameters":{"type":"object","properties":{"city":{"type":"string"}}}}}""";

    @Test
    void requestedModelStandsWhenNoRuleMatches() {
        HttpResponse<String> response = chat("tiny", "\"hi\"", "", Map.of());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("x-gateway-model")).hasValue("tiny");
        assertThat(response.headers().firstValue("x-gateway-rule")).hasValue("requested");
    }

    @Test
    void routeHeaderPicksTheModel() {
        HttpResponse<String> response = chat("tiny", "\"hi\"", "", Map.of("x-gateway-route", "long-reader"));

        assertThat(response.headers().firstValue("x-gateway-model")).hasValue("long-reader");
        assertThat(response.headers().firstValue("x-gateway-rule")).hasValue("header");
    }

    @Test
    void routeHeaderNamingAnUnknownModelIs404() {
        HttpResponse<String> response = chat("tiny", "\"hi\"", "", Map.of("x-gateway-route", "no-such-model"));

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(json(response.body()).path("error").path("message").asText()).contains("no-such-model").contains("header");
    }

    @Test
    void tenantHeaderPicksTheTenantsModel() {
        HttpResponse<String> response = chat("tiny", "\"hi\"", "", Map.of("x-gateway-tenant", "acme"));

        assertThat(response.headers().firstValue("x-gateway-model")).hasValue("long-reader");
        assertThat(response.headers().firstValue("x-gateway-rule")).hasValue("tenant");
    }

    @Test
    void imagesGoToAVisionCapableModel() {
        HttpResponse<String> response = chat("tiny", "[{\"type\":\"text\",\"text\":\"what is this?\"}," + IMAGE_PART + "]", "", Map.of());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("x-gateway-model")).hasValue("eyes");
        assertThat(response.headers().firstValue("x-gateway-rule")).hasValue("vision");
    }

    @Test
    void toolsGoToAToolCapableModelTryingTheFallbacksFirst() {
        HttpResponse<String> response = chat("tiny", "\"weather in Paris?\"", ",\"tools\":[" + TOOL + "]", Map.of());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("x-gateway-model")).hasValue("long-reader");
        assertThat(response.headers().firstValue("x-gateway-rule")).hasValue("tools");
        assertThat(json(response.body()).path("choices").path(0).path("finish_reason").asText()).isEqualTo("tool_calls");
    }

    @Test
    void promptOverTheContextWindowGoesToTheSmallestWindowThatFits() {
        String longPrompt = "\"" + "Please read this sentence carefully and remember it. ".repeat(10) + "\"";

        HttpResponse<String> response = chat("tiny", longPrompt, "", Map.of());

        assertThat(response.headers().firstValue("x-gateway-model")).hasValue("eyes");
        assertThat(response.headers().firstValue("x-gateway-rule")).hasValue("context-window");
    }

    @Test
    void autoRoutesByTaskClass() {
        HttpResponse<String> code = chat("auto", "\"Why does this Java method throw a NullPointerException?\"", "", Map.of());
        assertThat(code.headers().firstValue("x-gateway-model")).hasValue("coder");
        assertThat(code.headers().firstValue("x-gateway-rule")).hasValue("task:code");
        assertThat(json(code.body()).path("model").asText()).isEqualTo("coder-upstream");

        HttpResponse<String> creative = chat("auto", "\"Write a short poem about autumn\"", "", Map.of());
        assertThat(creative.headers().firstValue("x-gateway-model")).hasValue("eyes");
        assertThat(creative.headers().firstValue("x-gateway-rule")).hasValue("task:creative");

        // simple maps to gpt-4o, whose provider is off: the rule skips it and auto takes the default model
        HttpResponse<String> simple = chat("auto", "\"What is the capital of France?\"", "", Map.of());
        assertThat(simple.headers().firstValue("x-gateway-model")).hasValue("mock-gpt");
        assertThat(simple.headers().firstValue("x-gateway-rule")).hasValue("default");
    }

    @Test
    void costTierHeaderPicksTheTiersModelForAuto() {
        HttpResponse<String> response = chat("auto", "\"Write a short poem about autumn\"", "", Map.of("x-gateway-cost-tier", "economy"));

        assertThat(response.headers().firstValue("x-gateway-model")).hasValue("tiny");
        assertThat(response.headers().firstValue("x-gateway-rule")).hasValue("cost-tier");
    }

    private HttpResponse<String> chat(String model, String content, String extra, Map<String, String> headers) {
        return post("/v1/chat/completions", "{\"model\":\"" + model + "\",\"messages\":[{\"role\":\"user\",\"content\":" + content
                + "}]" + extra + "}", headers);
    }
}
