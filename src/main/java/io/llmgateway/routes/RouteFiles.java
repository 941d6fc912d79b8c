package io.llmgateway.routes;

import java.nio.file.Files;
import java.nio.file.Path;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.env.EnvironmentPostProcessor;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.PropertySource;

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
        environment.getPropertySources().addLast(new Location(environment));
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

    private static final class Location extends PropertySource<Object> {

        // Kept in a field, not as the source: Spring Boot walks into sources that are environments,
        // and this one lives inside the environment it reads.
        private final ConfigurableEnvironment environment;

        Location(ConfigurableEnvironment environment) {
            super("gateway-route-files", new Object());
            this.environment = environment;
        }

        @Override
        public Object getProperty(String name) {
            if (!LOCATION.equals(name) && !INCLUDE.equals(name)) {
                return null;
            }
            String location = location(environment.getProperty("gateway.routes.dir"));
            return LOCATION.equals(name) ? location : includePattern(location);
        }
    }
}
