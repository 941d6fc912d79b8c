package io.llmgateway.routes;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.env.EnvironmentPostProcessor;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Decides where the YAML routes come from before Camel starts: {@code gateway.routes.dir}
 * (env GATEWAY_ROUTES_DIR) when set, else ./routes when the gateway runs from the project or
 * an image that mounts it, else the copy packaged in the jar, so the jar starts from anywhere.
 */
public class RouteFiles implements EnvironmentPostProcessor {

    static final String DIR = "gateway.routes.dir";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        if (environment.containsProperty("camel.main.routes-include-pattern")) {
            return; // an operator who sets Camel's own property knows best
        }
        String dir = environment.getProperty(DIR, environment.getProperty("GATEWAY_ROUTES_DIR", ""));
        String pattern;
        if (!dir.isBlank()) {
            pattern = filePattern(Path.of(dir));
        } else if (Files.isDirectory(Path.of("routes"))) {
            pattern = filePattern(Path.of("routes"));
            dir = "routes";
        } else {
            pattern = "classpath:routes/*.camel.yaml,classpath:routes/**/*.camel.yaml";
        }
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("camel.main.routes-include-pattern", pattern);
        values.put(DIR, dir);
        environment.getPropertySources().addLast(new MapPropertySource("gateway-route-files", values));
    }

    private static String filePattern(Path dir) {
        String base = dir.toAbsolutePath().normalize().toString().replace('\\', '/');
        return "file:" + base + "/*.camel.yaml,file:" + base + "/**/*.camel.yaml";
    }
}
