package io.llmgateway.routes;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.llmgateway.error.GatewayException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.camel.CamelContext;
import org.apache.camel.model.ChoiceDefinition;
import org.apache.camel.model.ModelCamelContext;
import org.apache.camel.model.ProcessorDefinition;
import org.apache.camel.model.RouteDefinition;
import org.apache.camel.model.SendDefinition;
import org.apache.camel.model.ToDynamicDefinition;
import org.apache.camel.model.WhenDefinition;
import org.springframework.stereotype.Component;

/**
 * GET /admin/routes/{id}/flow: a route's steps as Camel's model holds them (the RouteDefinitions
 * loaded from the YAML files, so the console's diagram follows every edit), with the routes it calls
 * over direct: endpoints, a few levels deep.
 */
@Component("routeFlow")
public class RouteFlow {

    /** How far calls are followed, and how many routes one answer holds at most. */
    private static final int DEPTH = 3;
    private static final int MAX_ROUTES = 40;
    private static final int LABEL = 140;

    private final CamelContext camel;

    public RouteFlow(CamelContext camel) {
        this.camel = camel;
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Step(String type, String label, String description, String route, List<Step> steps) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Flow(String id, String from, String description, List<Step> steps) {
    }

    public record Answer(String object, String root, Map<String, Flow> routes) {
    }

    public Answer describe(String id) {
        ModelCamelContext model = (ModelCamelContext) camel;
        Map<String, String> routeByDirect = new HashMap<>();
        for (RouteDefinition definition : model.getRouteDefinitions()) {
            String uri = definition.getInput().getEndpointUri();
            if (uri != null && uri.startsWith("direct:")) {
                routeByDirect.put(stripOptions(uri), definition.getRouteId());
            }
        }
        if (model.getRouteDefinition(id) == null) {
            throw new GatewayException(404, "invalid_request_error", "route_not_found", "id", "No route '" + id + "'.");
        }
        Map<String, Flow> routes = new LinkedHashMap<>();
        List<String> level = List.of(id);
        for (int depth = 0; depth <= DEPTH && !level.isEmpty(); depth++) {
            List<String> next = new ArrayList<>();
            for (String routeId : level) {
                RouteDefinition definition = model.getRouteDefinition(routeId);
                if (definition == null || routes.containsKey(routeId) || routes.size() >= MAX_ROUTES) {
                    continue;
                }
                List<String> called = new ArrayList<>();
                routes.put(routeId, new Flow(routeId, definition.getInput().getEndpointUri(), definition.getDescription(),
                        steps(definition.getOutputs(), routeByDirect, called)));
                next.addAll(called);
            }
            level = next;
        }
        return new Answer("route.flow", id, routes);
    }

    private static List<Step> steps(List<ProcessorDefinition<?>> outputs, Map<String, String> routeByDirect, List<String> called) {
        List<Step> steps = new ArrayList<>();
        for (ProcessorDefinition<?> output : outputs) {
            String target = null;
            if (output instanceof SendDefinition<?> send && send.getUri() != null) {
                target = routeByDirect.get(stripOptions(send.getUri()));
            } else if (output instanceof ToDynamicDefinition dynamic && dynamic.getUri() != null) {
                target = routeByDirect.get(stripOptions(dynamic.getUri()));
            }
            if (target != null) {
                called.add(target);
            }
            List<Step> children = output instanceof ChoiceDefinition choice ? branches(choice, routeByDirect, called)
                    : output.getOutputs() == null || output.getOutputs().isEmpty() ? null
                    : steps(output.getOutputs(), routeByDirect, called);
            steps.add(new Step(output.getShortName(), label(output), output.getDescription(), target, children));
        }
        return steps;
    }

    /** A choice's branches (when/otherwise are not processor definitions in the model, so they come apart). */
    private static List<Step> branches(ChoiceDefinition choice, Map<String, String> routeByDirect, List<String> called) {
        List<Step> branches = new ArrayList<>();
        for (WhenDefinition when : choice.getWhenClauses()) {
            branches.add(new Step("when", shorten(when.getLabel()), when.getDescription(), null,
                    steps(when.getOutputs(), routeByDirect, called)));
        }
        if (choice.getOtherwise() != null) {
            branches.add(new Step("otherwise", "otherwise", choice.getOtherwise().getDescription(), null,
                    steps(choice.getOtherwise().getOutputs(), routeByDirect, called)));
        }
        return branches;
    }

    /** What a diagram box says: the endpoint for a send, "choice" for a choice (its branches say the rest). */
    private static String label(ProcessorDefinition<?> output) {
        String label;
        if (output instanceof SendDefinition<?> send && send.getUri() != null) {
            label = send.getUri();
        } else if (output instanceof ToDynamicDefinition dynamic && dynamic.getUri() != null) {
            label = dynamic.getUri();
        } else if (output instanceof ChoiceDefinition) {
            label = "choice";
        } else {
            label = output.getLabel();
        }
        return shorten(label);
    }

    private static String shorten(String label) {
        return label == null || label.length() <= LABEL ? label : label.substring(0, LABEL - 1) + "…";
    }

    private static String stripOptions(String uri) {
        int query = uri.indexOf('?');
        return query < 0 ? uri : uri.substring(0, query);
    }
}
