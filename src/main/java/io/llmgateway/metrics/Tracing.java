package io.llmgateway.metrics;

import io.micrometer.observation.ObservationRegistry;
import io.micrometer.tracing.Tracer;
import org.apache.camel.CamelContext;
import org.apache.camel.observation.MicrometerObservationTracer;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Camel's Micrometer Observation tracer: a span per route and per endpoint call (the provider's
 * HTTP call included), bridged to OpenTelemetry by micrometer-tracing-bridge-otel, with the W3C
 * traceparent read from callers and written to providers. Built here because the camel-observation
 * starter stands aside whenever Spring Boot Actuator is on the classpath, as it is in this gateway.
 * Off with camel.observation.enabled=false.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "camel.observation.enabled", havingValue = "true", matchIfMissing = true)
public class Tracing {

    @Bean(destroyMethod = "stop")
    MicrometerObservationTracer camelObservationTracer(CamelContext camelContext, ObjectProvider<Tracer> tracer,
                                                       ObjectProvider<ObservationRegistry> registry) {
        MicrometerObservationTracer observation = new MicrometerObservationTracer();
        tracer.ifAvailable(observation::setTracer);
        registry.ifAvailable(observation::setObservationRegistry);
        observation.init(camelContext);
        return observation;
    }
}
