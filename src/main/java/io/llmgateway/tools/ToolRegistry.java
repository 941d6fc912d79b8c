package io.llmgateway.tools;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import io.llmgateway.chat.Json;
import java.io.IOException;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.camel.CamelContext;
import org.apache.camel.Route;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The gateway tools are the running routes in group {@code gateway-tools} with id {@code tool-<name>}:
 * dropping a file in routes/tools/ adds one. The registry reads the routes each time it is asked,
 * so hot-reloaded or removed tool files take effect at once; only the compiled schemas are cached.
 */
@Component("toolRegistry")
public class ToolRegistry {

    public static final String GROUP = "gateway-tools";
    private static final String ID_PREFIX = "tool-";
    private static final Logger LOG = LoggerFactory.getLogger(ToolRegistry.class);

    private final CamelContext camel;
    private final JsonSchemaFactory schemas = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);
    private final Map<String, Optional<Compiled>> compiled = new ConcurrentHashMap<>();

    public ToolRegistry(CamelContext camel) {
        this.camel = camel;
    }

    public Optional<GatewayTool> find(String name) {
        Route route = camel.getRoute(ID_PREFIX + name);
        return route == null ? Optional.empty() : toTool(route);
    }

    /** Every registered tool by name. */
    public Map<String, GatewayTool> all() {
        Map<String, GatewayTool> tools = new TreeMap<>();
        for (Route route : camel.getRoutes()) {
            toTool(route).ifPresent(tool -> tools.put(tool.name(), tool));
        }
        return tools;
    }

    /** GET /admin/tools: every tool as offered to models, in OpenAI's list shape. */
    public ToolList list() {
        return new ToolList("list", all().values().stream()
                .map(t -> new ToolEntry(t.name(), "gateway.tool", t.description(), t.parameters(), ID_PREFIX + t.name()))
                .toList());
    }

    public record ToolList(String object, java.util.List<ToolEntry> data) {
    }

    public record ToolEntry(String name, String object, String description, JsonNode parameters, String route) {
    }

    private Optional<GatewayTool> toTool(Route route) {
        String id = route.getRouteId();
        if (!GROUP.equals(route.getGroup()) || !id.startsWith(ID_PREFIX)) {
            return Optional.empty();
        }
        String name = id.substring(ID_PREFIX.length());
        String uri = route.getEndpoint().getEndpointUri();
        if (!uri.equals("direct://tool-" + name) && !uri.equals("direct:tool-" + name)) {
            LOG.warn("Route {} is in group {} but consumes {} instead of direct:tool-{}; not offered as a tool", id, GROUP, uri, name);
            return Optional.empty();
        }
        String note = route.getNote() == null ? "{\"type\":\"object\",\"properties\":{}}" : route.getNote();
        return compiled.computeIfAbsent(note, this::compile)
                .map(c -> new GatewayTool(name, route.getDescription(), c.parameters(), c.schema()));
    }

    private Optional<Compiled> compile(String note) {
        try {
            JsonNode parameters = Json.MAPPER.readTree(note);
            if (!parameters.isObject()) {
                LOG.warn("A gateway tool's note is not a JSON-schema object: {}", note);
                return Optional.empty();
            }
            return Optional.of(new Compiled(parameters, schemas.getSchema(parameters)));
        } catch (IOException | RuntimeException e) {
            LOG.warn("A gateway tool's note is not a valid JSON schema ({}): {}", e.getMessage(), note);
            return Optional.empty();
        }
    }

    private record Compiled(JsonNode parameters, JsonSchema schema) {
    }
}
