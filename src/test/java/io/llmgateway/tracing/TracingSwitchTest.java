package io.llmgateway.tracing;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmgateway.metrics.TracerOnlyWhenTracing;
import io.llmgateway.metrics.TracingSwitch;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

/** Tracing follows the OTLP endpoint unless the operator says otherwise. */
class TracingSwitchTest {

    private static StandardEnvironment environment(Map<String, Object> settings) {
        StandardEnvironment environment = new StandardEnvironment();
        environment.getPropertySources().addFirst(new MapPropertySource("operator", settings));
        new TracingSwitch().postProcessEnvironment(environment, null);
        return environment;
    }

    @Test
    void offWithoutAnEndpoint() {
        StandardEnvironment environment = environment(Map.of());

        assertThat(environment.getProperty("management.tracing.enabled")).isEqualTo("false");
        assertThat(environment.getProperty("camel.observation.enabled")).isEqualTo("false");
    }

    @Test
    void onOnceAnEndpointIsSet() {
        StandardEnvironment environment = environment(Map.of("management.otlp.tracing.endpoint", "http://localhost:4318/v1/traces"));

        assertThat(environment.getProperty("management.tracing.enabled")).isEqualTo("true");
        assertThat(environment.getProperty("camel.observation.enabled")).isEqualTo("true");
    }

    @Test
    void theOperatorsOwnSettingWins() {
        StandardEnvironment forcedOn = environment(Map.of("management.tracing.enabled", "true", "camel.observation.enabled", "true"));
        StandardEnvironment forcedOff = environment(Map.of("management.otlp.tracing.endpoint", "http://collector:4318/v1/traces",
                "management.tracing.enabled", "false"));

        assertThat(forcedOn.getProperty("management.tracing.enabled")).isEqualTo("true");
        assertThat(forcedOn.getProperty("camel.observation.enabled")).isEqualTo("true");
        assertThat(forcedOff.getProperty("management.tracing.enabled")).isEqualTo("false");
    }

    @Test
    void springsTracerIsBuiltOnlyWhileTracingIsOn() {
        String tracer = "org.springframework.boot.actuate.autoconfigure.tracing.MicrometerTracingAutoConfiguration";
        String[] candidates = {tracer, null, "org.springframework.boot.actuate.autoconfigure.metrics.MetricsAutoConfiguration"};

        assertThat(filter(environment(Map.of())).match(candidates, null)).containsExactly(false, true, true);
        assertThat(filter(environment(Map.of("management.otlp.tracing.endpoint", "http://localhost:4318/v1/traces")))
                .match(candidates, null)).containsExactly(true, true, true);
    }

    private static TracerOnlyWhenTracing filter(StandardEnvironment environment) {
        TracerOnlyWhenTracing filter = new TracerOnlyWhenTracing();
        filter.setEnvironment(environment);
        return filter;
    }
}
