package io.llmgateway.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmgateway.support.FakeProvider.Answer;
import io.llmgateway.support.GatewayTestSupport;
import io.llmgateway.support.OpenAiWire;
import io.llmgateway.support.Prometheus;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The Grafana dashboard in observability/ queries only series the gateway really publishes: every
 * metric and every "by (...)" label in its PromQL appears in a scrape of /actuator/prometheus after
 * traffic, or (for meters the streaming, fallback, breaker and throttle steps will feed) in the
 * exposition of GatewayMetrics after each of its methods ran once.
 */
class DashboardTest extends GatewayTestSupport {

    /** OpenAI's function-calling answer (Chat Completions reference) asking for the gateway's calculator. */
    private static final String CALCULATOR_CALL = """
            {"id":"chatcmpl-tool1","object":"chat.completion","created":1741569952,"model":"gpt-4o-mini-2024-07-18",
             "choices":[{"index":0,"message":{"role":"assistant","content":null,"tool_calls":[{"id":"call_1","type":"function",
               "function":{"name":"calculator","arguments":"{\\"expression\\":\\"1+1\\"}"}}],"refusal":null,"annotations":[]},
               "logprobs":null,"finish_reason":"tool_calls"}],
             "usage":{"prompt_tokens":40,"completion_tokens":10,"total_tokens":50}}""";
    private static final Path DASHBOARD = Path.of("observability/grafana/dashboards/llm-gateway.json");
    private static final Pattern METRIC = Pattern.compile("([a-z_:][a-z0-9_:]*)\\s*[{\\[]");
    private static final Pattern BY = Pattern.compile("by \\(([^)]*)\\)\\s*\\((?:rate|increase)\\(([a-z_:][a-z0-9_:]*)");

    @Test
    void everyQueryOfTheDashboardNamesARealSeries() throws IOException {
        post("/v1/chat/completions", "{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
        post("/v1/chat/completions", "{\"model\":\"nope\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
        // one gateway tool round, so the tool loop's own meter exists
        OPENAI.reset(Answer.json(200, OpenAiWire.completion("gpt-4o-mini-2024-07-18", "Two.")));
        OPENAI.enqueue(Answer.json(200, CALCULATOR_CALL));
        assertThat(post("/v1/chat/completions",
                "{\"model\":\"tools-gpt\",\"messages\":[{\"role\":\"user\",\"content\":\"1+1?\"}]}").statusCode()).isEqualTo(200);
        List<Prometheus.Sample> samples = new ArrayList<>(Prometheus.parse(get("/actuator/prometheus").body()).all());
        samples.addAll(Prometheus.parse(featureMeters()).all());

        JsonNode dashboard = JSON.readTree(Files.readString(DASHBOARD));
        List<String> queries = new ArrayList<>();
        dashboard.path("panels").forEach(p -> p.path("targets").forEach(t -> queries.add(t.path("expr").asText())));
        assertThat(queries).hasSizeGreaterThan(10);

        for (String query : queries) {
            Matcher metric = METRIC.matcher(query);
            while (metric.find()) {
                String name = metric.group(1);
                if (List.of("rate", "increase", "sum", "by", "histogram_quantile").contains(name)) {
                    continue;
                }
                assertThat(samples).as("series %s used by %s", name, query).anyMatch(s -> s.name().equals(name));
            }
            Matcher by = BY.matcher(query);
            while (by.find()) {
                String name = by.group(2);
                for (String label : by.group(1).split(",")) {
                    String wanted = label.trim();
                    if (!wanted.equals("le")) {
                        assertThat(samples).as("label %s on %s in %s", wanted, name, query)
                                .anyMatch(s -> s.name().equals(name) && s.labels().containsKey(wanted));
                    }
                }
            }
        }
    }

    /** The meters other pipeline steps feed through GatewayMetrics, each recorded once. */
    private static String featureMeters() {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        GatewayMetrics metrics = new GatewayMetrics(registry);
        metrics.timeToFirstChunk("http", "gpt-4o-mini", "openai", 120_000_000L);
        metrics.fallback("gpt-4o-mini", "openai", "azure", "503");
        metrics.retry("openai", "429");
        metrics.breakerTransition("openai", "closed", "open");
        metrics.throttleWait("openai", 5_000_000L);
        metrics.throttleRejection("openai");
        metrics.keyRejection("team-a", "rpm");
        return registry.scrape();
    }
}
