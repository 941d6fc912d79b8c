package io.llmgateway.metrics;

import io.llmgateway.server.LazyDefaults;
import java.util.Set;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.env.EnvironmentPostProcessor;
import org.springframework.core.env.ConfigurableEnvironment;

/**
 * Tracing is on when there is somewhere to send the spans: an OTLP endpoint
 * (management.otlp.tracing.endpoint, env MANAGEMENT_OTLP_TRACING_ENDPOINT). Without one, spans
 * would be made and dropped, and they cost about an eighth of a request's CPU (bench/README.md), so
 * both Spring's tracing and Camel's tracer default to off. Setting management.tracing.enabled or
 * camel.observation.enabled anywhere still wins: this source is the last one asked. While Spring's
 * tracing is off, {@link TracerOnlyWhenTracing} leaves its tracer out altogether.
 */
public class TracingSwitch implements EnvironmentPostProcessor {

    static final String ENDPOINT = "management.otlp.tracing.endpoint";
    static final String SPRING_TRACING = "management.tracing.enabled";
    static final String CAMEL_TRACER = "camel.observation.enabled";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        // asked for when the conditions are evaluated, so test and command-line settings of the endpoint count
        LazyDefaults.addLast(environment, "gateway-tracing-switch", Set.of(SPRING_TRACING, CAMEL_TRACER), (name, env) -> {
            String endpoint = env.getProperty(ENDPOINT);
            return endpoint == null || endpoint.isBlank() ? "false" : "true";
        });
    }
}
