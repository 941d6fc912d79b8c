package io.llmgateway.routes;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.camel.CamelContext;
import org.apache.camel.Route;
import org.apache.camel.spring.boot.CamelContextConfiguration;
import org.springframework.stereotype.Component;

/** GET /admin/routes: every route with its source file and status, and the last reload error. */
@Component("routeStatus")
public class RouteStatus implements CamelContextConfiguration {

    private final CamelContext camel;
    private final RouteFileReloader reloader;

    public RouteStatus(CamelContext camel, RouteFileReloader reloader) {
        this.camel = camel;
        this.reloader = reloader;
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record RouteInfo(String id, String source, String status, String from, String description) {
    }

    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record Report(String routesDir, boolean reloadEnabled, Instant lastReload,
                         RouteFileReloader.ReloadError lastError, List<RouteInfo> routes) {
    }

    public Report report() {
        List<RouteInfo> routes = new ArrayList<>();
        for (Route route : camel.getRoutes()) {
            routes.add(new RouteInfo(route.getRouteId(), source(route),
                    camel.getRouteController().getRouteStatus(route.getRouteId()).name(),
                    route.getEndpoint().getEndpointBaseUri(), route.getDescription()));
        }
        routes.sort((a, b) -> a.id().compareTo(b.id()));
        Path dir = reloader.dir();
        return new Report(dir == null ? null : dir.toString(), reloader.isWatching(), reloader.lastReload(),
                reloader.lastError(), routes);
    }

    private String source(Route route) {
        for (Map.Entry<Path, Set<String>> entry : reloader.routeIdsByFile().entrySet()) {
            if (entry.getValue().contains(route.getRouteId())) {
                return entry.getKey().getFileName().toString();
            }
        }
        if (route.getRouteId().startsWith("provider-call-")) {
            return "providers.camel.yaml template (gateway.providers)";
        }
        if (route.getRouteId().startsWith("provider-embed-")) {
            return "embeddings.camel.yaml template (gateway.providers)";
        }
        if (route.getRouteId().startsWith("provider-models-") || route.getRouteId().startsWith("provider-admin-")) {
            return "local-models.camel.yaml template (gateway.providers)";
        }
        return route.getSourceLocationShort();
    }

    @Override
    public void beforeApplicationStart(CamelContext camelContext) {
    }

    @Override
    public void afterApplicationStart(CamelContext camelContext) {
        try {
            reloader.start();
        } catch (java.io.IOException e) {
            throw new IllegalStateException("Cannot watch the routes folder", e);
        }
    }
}
