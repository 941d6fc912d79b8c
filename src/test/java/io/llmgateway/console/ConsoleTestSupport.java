package io.llmgateway.console;

import io.llmgateway.support.GatewayKeysTestSupport;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The closed gateway (admin key, gateway keys) on the fake providers, reading its routes from a copy
 * of routes/ so a test can put a broken route file there. Shared by the console's tests.
 */
abstract class ConsoleTestSupport extends GatewayKeysTestSupport {

    static final Path ROUTES = copyOfShippedRoutes();

    @DynamicPropertySource
    static void routesCopy(DynamicPropertyRegistry registry) {
        registry.add("gateway.routes.dir", ROUTES::toString);
    }

    private static Path copyOfShippedRoutes() {
        try {
            Path dir = Files.createTempDirectory("console-routes");
            try (Stream<Path> files = Files.list(Path.of("routes"))) {
                for (Path file : files.filter(Predicate.not(Files::isDirectory)).toList()) {
                    Files.copy(file, dir.resolve(file.getFileName()));
                }
            }
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
