package io.llmgateway.door;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.apache.camel.model.ModelCamelContext;
import org.apache.camel.model.OnExceptionDefinition;
import org.apache.camel.model.ProcessorDefinition;
import org.apache.camel.model.RouteDefinition;
import org.apache.camel.model.ToDefinition;

/** Reads a door route's model: its first step, its own steps and its error handler's steps. */
public final class DoorSteps {

    private DoorSteps() {
    }

    public static void assertDoorRoute(ModelCamelContext model, RouteDefinition route) {
        String id = route.getRouteId();
        // once started, a route holds its route configuration's onException blocks among its outputs
        List<ProcessorDefinition<?>> steps = route.getOutputs().stream()
                .filter(step -> !(step instanceof OnExceptionDefinition)).toList();
        List<OnExceptionDefinition> handlers = new ArrayList<>(route.getOutputs().stream()
                .filter(OnExceptionDefinition.class::isInstance).map(OnExceptionDefinition.class::cast).toList());
        String configurationId = route.getRouteConfigurationId();
        model.getRouteConfigurationDefinitions().stream()
                .filter(c -> configurationId != null && configurationId.equals(c.getId()))
                .forEach(c -> handlers.addAll(c.getOnExceptions()));
        assertThat(uri(steps.get(0))).as("route %s starts with door-in", id).isEqualTo("direct:door-in");
        assertThat(uris(steps)).as("route %s ends through door-out", id).contains("direct:door-out");
        assertThat(handlers).as("route %s has an error handler of its door", id).isNotEmpty();
        for (OnExceptionDefinition handler : handlers) {
            assertThat(uris(handler.getOutputs())).as("route %s's error handler goes through door-out", id)
                    .contains("direct:door-out");
        }
    }

    private static List<String> uris(List<ProcessorDefinition<?>> steps) {
        return steps.stream().map(DoorSteps::uri).toList();
    }

    private static String uri(ProcessorDefinition<?> step) {
        return step instanceof ToDefinition to ? to.getUri() : step.getShortName();
    }
}
