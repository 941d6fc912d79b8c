package io.llmgateway.routes;

import io.llmgateway.provider.ProviderRoutes;
import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.camel.CamelContext;
import org.apache.camel.Route;
import org.apache.camel.RouteConfigurationsBuilder;
import org.apache.camel.RoutesBuilder;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.model.ModelCamelContext;
import org.apache.camel.model.RouteDefinition;
import org.apache.camel.spi.Resource;
import org.apache.camel.component.platform.http.springboot.CamelRequestHandlerMapping;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.service.ServiceSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Hot reload of routes/*.camel.yaml that never leaves the gateway without a working route.
 * Camel's own reload strategy removes routes before it knows the new file is good; here a file is
 * parsed first, its routes are swapped by id (in-flight exchanges finish on the old route), and
 * when anything fails (YAML syntax, unknown EIP, bad endpoint URI, missing bean) the previous
 * definitions are put back and the error is kept for GET /admin/routes.
 */
@Component
public class RouteFileReloader implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(RouteFileReloader.class);

    /** The outcome of the last reload that failed, or null once a later reload succeeded. */
    public record ReloadError(String file, String reason, Instant at) {
    }

    private final CamelContext camel;
    private final ProviderRoutes providerRoutes;
    private final ObjectProvider<CamelRequestHandlerMapping> httpMappings;
    private final Path dir;
    private final boolean enabled;
    private final Duration quietPeriod;
    private final Map<Path, Set<String>> routeIdsByFile = new ConcurrentHashMap<>();
    private volatile ReloadError lastError;
    /** Files whose current content was refused, until a later edit loads or removes them (the console lists them). */
    private final Map<Path, ReloadError> rejected = new ConcurrentHashMap<>();
    private volatile Instant lastReload;
    private WatchService watcher;
    private Thread thread;

    public RouteFileReloader(CamelContext camel, ProviderRoutes providerRoutes,
                             ObjectProvider<CamelRequestHandlerMapping> httpMappings,
                             @Value("${gateway.routes.location}") String location,
                             @Value("${gateway.routes.reload-enabled:true}") boolean enabled,
                             @Value("${gateway.routes.reload-quiet-period:200ms}") Duration quietPeriod) {
        this.camel = camel;
        this.providerRoutes = providerRoutes;
        this.httpMappings = httpMappings;
        // only a folder can be watched; the copy inside the jar cannot change
        this.dir = location.startsWith("file:") ? Path.of(location.substring("file:".length())) : null;
        this.enabled = enabled;
        this.quietPeriod = quietPeriod;
    }

    /** Called once Camel has started: indexes which file each route came from and starts watching. */
    public synchronized void start() throws IOException {
        for (Route route : camel.getRoutes()) {
            Path file = fileOf(route.getSourceResource());
            if (file != null) {
                routeIdsByFile.computeIfAbsent(file, f -> new LinkedHashSet<>()).add(route.getRouteId());
            }
        }
        if (!enabled || dir == null || !Files.isDirectory(dir) || thread != null) {
            return;
        }
        watcher = FileSystems.getDefault().newWatchService();
        Files.walkFileTree(dir, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes attrs) throws IOException {
                register(d);
                return FileVisitResult.CONTINUE;
            }
        });
        thread = Thread.ofPlatform().daemon().name("route-file-reloader").start(this::watch);
        LOG.info("Watching {} for route changes (hot reload)", dir);
    }

    public Map<Path, Set<String>> routeIdsByFile() {
        return Map.copyOf(routeIdsByFile);
    }

    public ReloadError lastError() {
        return lastError;
    }

    /** Every route file whose current content is refused, with why. */
    public Map<Path, ReloadError> rejectedFiles() {
        return Map.copyOf(rejected);
    }

    public Instant lastReload() {
        return lastReload;
    }

    public boolean isWatching() {
        return thread != null && thread.isAlive();
    }

    public Path dir() {
        return dir;
    }

    private void register(Path d) throws IOException {
        d.register(watcher, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_MODIFY,
                StandardWatchEventKinds.ENTRY_DELETE);
    }

    private void watch() {
        try {
            while (true) {
                WatchKey key = watcher.take();
                Set<Path> changed = new LinkedHashSet<>();
                collect(key, changed);
                // editors write in several steps: wait until the folder is quiet, then reload once
                WatchKey more;
                while ((more = watcher.poll(quietPeriod.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)) != null) {
                    collect(more, changed);
                }
                for (Path file : changed) {
                    if (Files.isDirectory(file)) {
                        register(file);
                    } else if (file.getFileName().toString().endsWith(".camel.yaml")) {
                        reload(file);
                    }
                }
            }
        } catch (InterruptedException | ClosedWatchServiceException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            LOG.warn("Route file watcher stopped: {}", e.getMessage());
        }
    }

    private static void collect(WatchKey key, Set<Path> changed) {
        Path base = (Path) key.watchable();
        for (WatchEvent<?> event : key.pollEvents()) {
            if (event.context() instanceof Path name) {
                changed.add(base.resolve(name).toAbsolutePath().normalize());
            }
        }
        key.reset();
    }

    /** Applies the current content of one route file, or removes its routes when it is gone. */
    public synchronized void reload(Path file) {
        Path path = file.toAbsolutePath().normalize();
        lastReload = Instant.now();
        if (!Files.exists(path)) {
            rejected.remove(path);
            Set<String> ids = routeIdsByFile.remove(path);
            if (ids != null) {
                ids.forEach(this::removeRoute);
                unregisterStoppedHttpConsumers();
                LOG.info("Route file {} removed: routes {} removed", path.getFileName(), ids);
            }
            return;
        }
        Collection<RoutesBuilder> builders;
        try {
            Resource resource = PluginHelper.getResourceLoader(camel).resolveResource("file:" + path);
            builders = PluginHelper.getRoutesLoader(camel).findRoutesBuilders(List.of(resource));
        } catch (Exception e) {
            fail(path, e);
            return;
        }
        ModelCamelContext model = (ModelCamelContext) camel;
        Set<String> oldIds = routeIdsByFile.getOrDefault(path, Set.of());
        List<RouteDefinition> previous = oldIds.stream().map(model::getRouteDefinition).filter(Objects::nonNull).toList();
        Set<String> newIds = new LinkedHashSet<>();
        boolean templates = false;
        try {
            for (RoutesBuilder builder : builders) {
                if (builder instanceof RouteConfigurationsBuilder configurations) {
                    configurations.updateRouteConfigurationsToCamelContext(camel);
                }
            }
            for (RoutesBuilder builder : builders) {
                newIds.addAll(builder.updateRoutesToCamelContext(camel));
                if (builder instanceof RouteBuilder rb) {
                    templates |= !rb.getRouteTemplateCollection().getRouteTemplates().isEmpty();
                }
            }
            for (String gone : oldIds) {
                if (!newIds.contains(gone)) {
                    removeRoute(gone);
                }
            }
            unregisterStoppedHttpConsumers();
            routeIdsByFile.put(path, newIds);
            if (templates) {
                providerRoutes.instantiate(camel);
            }
            lastError = null;
            rejected.remove(path);
            LOG.info("Route file {} reloaded: routes {}", path.getFileName(), newIds);
        } catch (Exception e) {
            restore(path, builders, previous);
            fail(path, e);
        }
    }

    /** Puts the last good definitions of a file back after a failed update. */
    private void restore(Path path, Collection<RoutesBuilder> attempted, List<RouteDefinition> previous) {
        List<String> added = new ArrayList<>();
        for (RoutesBuilder builder : attempted) {
            if (builder instanceof RouteBuilder rb) {
                rb.getRouteCollection().getRoutes().forEach(r -> added.add(r.getRouteId()));
            }
        }
        Set<String> keep = new LinkedHashSet<>();
        previous.forEach(d -> keep.add(d.getRouteId()));
        added.stream().filter(id -> id != null && !keep.contains(id)).forEach(this::removeRoute);
        try {
            ((ModelCamelContext) camel).addRouteDefinitions(previous);
        } catch (Exception e) {
            LOG.error("Could not restore the previous routes of {}: {}", path.getFileName(), e.getMessage());
        }
    }

    private void removeRoute(String id) {
        try {
            if (camel.getRoute(id) != null) {
                camel.getRouteController().stopRoute(id);
                camel.removeRoute(id);
            }
            ModelCamelContext model = (ModelCamelContext) camel;
            RouteDefinition definition = model.getRouteDefinition(id);
            if (definition != null) {
                model.removeRouteDefinition(definition);
            }
        } catch (Exception e) {
            LOG.warn("Could not remove route {}: {}", id, e.getMessage());
        }
    }

    /**
     * camel-platform-http-starter never unregisters a removed consumer's Spring MVC mapping (its
     * unregisterHttpEndpoint is a no-op), so a deleted REST route would answer 500 forever.
     * Drop mappings whose consumer has stopped, so the path falls through to 404 again.
     */
    private void unregisterStoppedHttpConsumers() {
        CamelRequestHandlerMapping mapping = httpMappings.getIfAvailable();
        if (mapping == null) {
            return;
        }
        mapping.getHandlerMethods().forEach((info, handler) -> {
            if (handler.getBean() instanceof ServiceSupport consumer && (consumer.isStopped() || consumer.isStopping())) {
                mapping.unregisterMapping(info);
            }
        });
    }

    private void fail(Path path, Exception e) {
        String reason = reason(e);
        lastError = new ReloadError(path.toString(), reason, Instant.now());
        rejected.put(path, lastError);
        LOG.error("Route file {} rejected, previous routes keep serving: {}", path, reason);
    }

    /** The most specific message in the cause chain: where the YAML parser or Camel says what is wrong. */
    static String reason(Throwable e) {
        StringBuilder reason = new StringBuilder();
        Set<String> seen = new LinkedHashSet<>();
        for (Throwable t = e; t != null; t = t.getCause()) {
            String message = t.getMessage();
            if (message != null && seen.add(message)) {
                if (!reason.isEmpty()) {
                    reason.append(" <- ");
                }
                reason.append(message.strip());
            }
        }
        return reason.isEmpty() ? e.getClass().getSimpleName() : reason.toString();
    }

    private static Path fileOf(Resource resource) {
        if (resource == null || resource.getLocation() == null || !resource.getLocation().startsWith("file:")) {
            return null;
        }
        return Path.of(resource.getLocation().substring("file:".length())).toAbsolutePath().normalize();
    }

    @Override
    public void close() throws IOException {
        if (watcher != null) {
            watcher.close();
        }
    }
}
