package io.llmgateway.routes;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The shape of routes/ that keeps one fix in one place: the provider HTTP endpoint (its pool and
 * timeout options) is written once per branch of the one provider-http template, not once per kind,
 * and each admin resource is defined in one route file.
 */
class RouteFilesShapeTest {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    @Test
    void theProviderHttpEndpointBlockIsWrittenAtMostTwice() throws IOException {
        List<String> blocks = new ArrayList<>();
        for (Path file : routeFiles()) {
            collectPoolEndpoints(YAML.readTree(file.toFile()), file.getFileName().toString(), blocks);
        }
        // the provider-http template's plain and streaming calls; a kind needs no copy of its own
        assertThat(blocks).as("HTTP endpoints with pool settings in routes/").isNotEmpty().hasSizeLessThanOrEqualTo(2);
    }

    @Test
    void adminProvidersIsDefinedInOneRouteFile() throws IOException {
        Set<String> files = new TreeSet<>();
        for (Path file : routeFiles()) {
            for (JsonNode item : YAML.readTree(file.toFile())) {
                JsonNode rest = item.path("rest");
                if (rest.isMissingNode()) {
                    continue;
                }
                String base = rest.path("path").asText("");
                rest.fields().forEachRemaining(verb -> {
                    if (verb.getValue().isArray()) {
                        verb.getValue().forEach(op -> {
                            if ((base + op.path("path").asText("")).startsWith("/admin/providers")) {
                                files.add(file.getFileName().toString());
                            }
                        });
                    }
                });
            }
        }
        assertThat(files).containsExactly("admin-providers.camel.yaml");
    }

    /** An endpoint whose parameters size a connection pool: the provider HTTP endpoint block. */
    private static void collectPoolEndpoints(JsonNode node, String file, List<String> blocks) {
        if (node.isObject()) {
            JsonNode parameters = node.path("parameters");
            if (node.has("uri") && (parameters.has("maxTotalConnections") || parameters.has("connectionsPerRoute"))) {
                blocks.add(file + ": " + node.path("uri").asText());
            }
        }
        node.forEach(child -> collectPoolEndpoints(child, file, blocks));
    }

    private static List<Path> routeFiles() throws IOException {
        try (Stream<Path> walk = Files.walk(Path.of("routes"))) {
            return walk.filter(p -> p.getFileName().toString().endsWith(".camel.yaml")).sorted().toList();
        }
    }
}
