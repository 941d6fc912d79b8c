package io.llmgateway.metrics;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.env.EnvironmentPostProcessor;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.PropertySource;

/**
 * Tracing is on when there is somewhere to send the spans: an OTLP endpoint
 * (management.otlp.tracing.endpoint, env MANAGEMENT_OTLP_TRACING_ENDPOINT). Without one, spans
 * would be made and dropped, and they cost about an eighth of a request's CPU (bench/README.md), so
 * both Spring's tracing and Camel's tracer default to off. Setting management.tracing.enabled or
 * camel.observation.enabled anywhere still wins: this source is the last one asked.
 */
public class TracingSwitch implements EnvironmentPostProcessor {

    static final String ENDPOINT = "management.otlp.tracing.endpoint";
    static final String SPRING_TRACING = "management.tracing.enabled";
    static final String CAMEL_TRACER = "camel.observation.enabled";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        environment.getPropertySources().addLast(new Default(environment));
    }

    /** Answered when asked, so test and command-line settings of the endpoint count. */
    private static final class Default extends PropertySource<Object> {

        // a field, not the source: Spring Boot walks into sources that are environments
        private final ConfigurableEnvironment environment;

        Default(ConfigurableEnvironment environment) {
            super("gateway-tracing-switch", new Object());
            this.environment = environment;
        }

        @Override
        public Object getProperty(String name) {
            if (!SPRING_TRACING.equals(name) && !CAMEL_TRACER.equals(name)) {
                return null;
            }
            String endpoint = environment.getProperty(ENDPOINT);
            return endpoint == null || endpoint.isBlank() ? "false" : "true";
        }
    }
}
