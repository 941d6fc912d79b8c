package io.llmgateway.metrics;

import io.micrometer.observation.ObservationRegistry;
import io.micrometer.tracing.Tracer;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.camel.CamelContext;
import org.apache.camel.Endpoint;
import org.apache.camel.NamedNode;
import org.apache.camel.model.RouteDefinition;
import org.apache.camel.observation.MicrometerObservationTracer;
import org.apache.camel.spi.RoutePolicy;
import org.apache.camel.tracing.SpanDecorator;
import org.apache.camel.tracing.decorators.DirectSpanDecorator;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Camel's Micrometer Observation tracer: a span for each Kafka and file door's route and each
 * endpoint call (the provider's HTTP call included; HTTP requests get theirs from Spring MVC),
 * bridged to OpenTelemetry by micrometer-tracing-bridge-otel, with the W3C traceparent read from
 * callers and written to providers. Built here because the
 * camel-observation starter stands aside whenever Spring Boot Actuator is on the classpath, as it
 * is in this gateway. On when {@link TracingSwitch} says so: once an OTLP endpoint is set, or with
 * camel.observation.enabled=true.
 *
 * <p>The {@code direct:} hops between pipeline steps get no span unless gateway.tracing.step-spans
 * is true: each would cost two spans and two timers, about a fifth of the CPU of a request. Camel's
 * own exclude-patterns would do the same but normalise and pattern-match every endpoint URI on
 * every event, which costs nearly as much; here the choice is made once per route.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "camel.observation.enabled", havingValue = "true", matchIfMissing = true)
public class Tracing {

    @Bean(destroyMethod = "stop")
    MicrometerObservationTracer camelObservationTracer(CamelContext camelContext, ObjectProvider<Tracer> tracer,
                                                       ObjectProvider<ObservationRegistry> registry,
                                                       @Value("${gateway.tracing.step-spans:false}") boolean stepSpans) {
        MicrometerObservationTracer observation = stepSpans ? new DecoratorPerEndpoint() : new DoorSpansOnly();
        // a decorator serves every tracer in the JVM: set it either way, so the last context's choice holds
        observation.addDecorator(stepSpans ? new DirectSpanDecorator() : new UntracedDirect());
        tracer.ifAvailable(observation::setTracer);
        registry.ifAvailable(observation::setObservationRegistry);
        observation.init(camelContext);
        return observation;
    }

    /** Sending to a direct: endpoint opens no span (Camel checks this before anything else). */
    static final class UntracedDirect extends DirectSpanDecorator {
        @Override
        public boolean newSpan() {
            return false;
        }
    }

    /**
     * Camel looks up an endpoint's span decorator on every event by splitting its URI; an endpoint's
     * decorator never changes, so it is looked up once. Endpoints are few and cached by Camel.
     */
    static class DecoratorPerEndpoint extends MicrometerObservationTracer {
        private final Map<Endpoint, SpanDecorator> decorators = new ConcurrentHashMap<>();

        @Override
        protected SpanDecorator getSpanDecorator(Endpoint endpoint) {
            SpanDecorator known = decorators.get(endpoint);
            return known != null ? known : decorators.computeIfAbsent(endpoint, super::getSpanDecorator);
        }
    }

    /**
     * Routes consumed from direct: (pipeline steps, provider templates) get no route policy, so no
     * span. Neither do the HTTP doors' REST routes: Spring MVC's http.server.requests observation
     * already opens the server span (and continues the caller's traceparent) on the same thread, and
     * the provider call's span hangs under it; a second span for the same request cost about 3% of
     * its CPU. Kafka and file doors keep their route spans: nothing else opens one for them.
     */
    static final class DoorSpansOnly extends DecoratorPerEndpoint {
        @Override
        public RoutePolicy createRoutePolicy(CamelContext camelContext, String routeId, NamedNode route) {
            String from = route instanceof RouteDefinition definition && definition.getInput() != null
                    ? definition.getInput().getEndpointUri() : null;
            if (from != null && (from.startsWith("direct:") || from.startsWith("rest:") || from.startsWith("platform-http:"))) {
                return null;
            }
            return super.createRoutePolicy(camelContext, routeId, route);
        }
    }
}
