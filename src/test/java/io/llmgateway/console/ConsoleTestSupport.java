package io.llmgateway.console;

import io.llmgateway.support.GatewayKeysTestSupport;
import io.llmgateway.support.ShippedRoutes;
import java.nio.file.Path;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The closed gateway (admin key, gateway keys) on the fake providers, reading its routes from a copy
 * of routes/ so a test can put a broken route file there. Shared by the console's tests.
 */
abstract class ConsoleTestSupport extends GatewayKeysTestSupport {

    static final Path ROUTES = ShippedRoutes.copy("console-routes");

    @DynamicPropertySource
    static void routesCopy(DynamicPropertyRegistry registry) {
        registry.add("gateway.routes.dir", ROUTES::toString);
    }
}
