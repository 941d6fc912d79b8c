package io.llmgateway.routes;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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

    /** One route file: loaded, or rejected with the reason (and its line when the parser named one). */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record FileInfo(String file, String status, String error, Integer line, Instant rejectedAt, List<String> routes) {
    }

    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record Report(String routesDir, boolean reloadEnabled, Instant lastReload,
                         RouteFileReloader.ReloadError lastError, List<FileInfo> files, List<RouteInfo> routes) {
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
                reloader.lastError(), files(), routes);
    }

    private List<FileInfo> files() {
        Map<Path, Set<String>> loaded = reloader.routeIdsByFile();
        Map<Path, RouteFileReloader.ReloadError> rejected = reloader.rejectedFiles();
        TreeSet<Path> all = new TreeSet<>(loaded.keySet());
        all.addAll(rejected.keySet());
        List<FileInfo> files = new ArrayList<>();
        for (Path file : all) {
            List<String> ids = loaded.getOrDefault(file, Set.of()).stream().sorted().toList();
            RouteFileReloader.ReloadError error = rejected.get(file);
            String name = file.getFileName().toString();
            files.add(error == null ? new FileInfo(name, "loaded", null, null, null, ids)
                    : new FileInfo(name, "rejected", error.reason(), line(error.reason()), error.at(), ids));
        }
        return files;
    }

    private static final Pattern LINE = Pattern.compile("line (\\d+)");

    /** The first "line N" the YAML parser put in its message, if any. */
    static Integer line(String reason) {
        Matcher m = LINE.matcher(reason == null ? "" : reason);
        return m.find() ? Integer.valueOf(m.group(1)) : null;
    }

    private String source(Route route) {
        for (Map.Entry<Path, Set<String>> entry : reloader.routeIdsByFile().entrySet()) {
            if (entry.getValue().contains(route.getRouteId())) {
                return entry.getKey().getFileName().toString();
            }
        }
        // a provider's routes are made from a template per entry in gateway.providers (provider/ProviderRoutes)
        Object template = route.getProperties().get(Route.TEMPLATE_PROPERTY);
        if (template != null) {
            return "template " + template + " (gateway.providers)";
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
