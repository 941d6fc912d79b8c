package io.llmgateway.routes;

import io.llmgateway.server.LazyDefaults;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.env.EnvironmentPostProcessor;
import org.springframework.core.env.ConfigurableEnvironment;

/**
 * Decides where the YAML routes come from: {@code gateway.routes.dir} (env GATEWAY_ROUTES_DIR)
 * when set, else ./routes when the gateway runs from the project or an image that mounts it,
 * else the copy packaged in the jar, so the jar starts from anywhere. Answered when asked (not
 * when the environment is prepared) so test and command-line overrides of the folder count.
 */
public class RouteFiles implements EnvironmentPostProcessor {

    static final String LOCATION = "gateway.routes.location";
    private static final String INCLUDE = "camel.main.routes-include-pattern";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        // last: an operator who sets Camel's own include pattern keeps it
        LazyDefaults.addLast(environment, "gateway-route-files", Set.of(LOCATION, INCLUDE), (name, env) -> {
            String location = location(env.getProperty("gateway.routes.dir"));
            return LOCATION.equals(name) ? location : includePattern(location);
        });
    }

    /** The routes location: {@code file:/abs/dir} or {@code classpath:routes}. */
    static String location(String dir) {
        if (dir != null && !dir.isBlank()) {
            return file(Path.of(dir));
        }
        return Files.isDirectory(Path.of("routes")) ? file(Path.of("routes")) : "classpath:routes";
    }

    /**
     * The route files under a location: every *.camel.yaml in the folder and below it. Inside the
     * jar the subfolders are named instead: Camel's resolver walks {@code **} in a nested jar but
     * then opens each file under the top folder's path (routes/calculator.camel.yaml for
     * routes/tools/calculator.camel.yaml), and start-up fails.
     */
    static String includePattern(String location) {
        if (location.startsWith("classpath:")) {
            return location + "/*.camel.yaml," + location + "/tools/*.camel.yaml";
        }
        return location + "/*.camel.yaml," + location + "/**/*.camel.yaml";
    }

    private static String file(Path dir) {
        return "file:" + dir.toAbsolutePath().normalize().toString().replace('\\', '/');
    }
}
