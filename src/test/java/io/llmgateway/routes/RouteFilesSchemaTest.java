package io.llmgateway.routes;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Every route file is valid Camel YAML DSL by the JSON schema that ships inside camel-yaml-dsl,
 * the same schema visual Camel editors use. To check one file while editing:
 * {@code ./mvnw -B test -Dtest=RouteFilesSchemaTest -Droutes.file=routes/my.camel.yaml}
 */
class RouteFilesSchemaTest {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    @TestFactory
    Stream<DynamicTest> everyRouteFileMatchesTheCamelYamlDslSchema() throws IOException {
        JsonSchema schema = schema();
        return files().stream().map(file -> DynamicTest.dynamicTest(file.toString(), () -> {
            JsonNode routes = YAML.readTree(file.toFile());
            Set<ValidationMessage> problems = schema.validate(routes);
            assertThat(problems).as("schema problems in %s", file).isEmpty();
        }));
    }

    @TestFactory
    Stream<DynamicTest> theSchemaCatchesCommonMistakes() throws IOException {
        JsonSchema schema = schema();
        return Stream.of(
                "- route:\n    from:\n      uri: direct:a\n      steps:\n        - teleport: direct:b\n",
                "- route:\n    id: a\n    frm:\n      uri: direct:a\n",
                "- routeTemplate:\n    id: t\n    parameters:\n      - description: no name\n    from:\n      uri: direct:a\n      steps: []\n"
        ).map(yaml -> DynamicTest.dynamicTest(yaml.lines().reduce((a, b) -> b).orElse(yaml), () ->
                assertThat(schema.validate(YAML.readTree(yaml))).isNotEmpty()));
    }

    private static List<Path> files() throws IOException {
        String one = System.getProperty("routes.file");
        if (one != null && !one.isBlank()) {
            return List.of(Path.of(one));
        }
        try (Stream<Path> walk = Files.walk(Path.of("routes"))) {
            return walk.filter(p -> p.getFileName().toString().endsWith(".camel.yaml")).sorted().toList();
        }
    }

    private static JsonSchema schema() throws IOException {
        try (InputStream in = RouteFilesSchemaTest.class.getResourceAsStream("/schema/camelYamlDsl.json")) {
            assertThat(in).as("camel-yaml-dsl's schema on the classpath").isNotNull();
            return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V4).getSchema(new ObjectMapper().readTree(in));
        }
    }
}
