package io.llmgateway.provider;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmgateway.chat.ChatRequest;
import io.llmgateway.chat.Json;
import io.llmgateway.core.GatewayProperties.Model;
import io.llmgateway.core.GatewayProperties.Provider;
import io.llmgateway.provider.anthropic.AnthropicAdapter;
import io.llmgateway.provider.azure.AzureOpenAiAdapter;
import io.llmgateway.provider.bedrock.BedrockAdapter;
import io.llmgateway.provider.gemini.GeminiAdapter;
import io.llmgateway.provider.ollama.OllamaAdapter;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Golden translations, one file per tricky case under src/test/resources/golden/<kind>/: a
 * canonical {@code request} and the exact vendor body it must become ({@code wire}, plus
 * {@code wirePath}/{@code wireQuery} when the address varies), and/or a vendor answer
 * ({@code wireResponse}) and the canonical choices and usage it must become ({@code response}).
 */
class GoldenTranslationTest {

    static final Map<String, Supplier<WireAdapter>> ADAPTERS = Map.of(
            "anthropic", () -> new AnthropicAdapter(null),
            "gemini", () -> new GeminiAdapter(null),
            "ollama", () -> new OllamaAdapter(null),
            "azure-openai", () -> new AzureOpenAiAdapter(null),
            "bedrock", () -> new BedrockAdapter(null, null));

    static Stream<Arguments> cases() throws IOException {
        Path root = Path.of("src/test/resources/golden");
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(f -> f.toString().endsWith(".json")).sorted()
                    .map(f -> Arguments.of(f.getParent().getFileName() + "/" + f.getFileName(), f))
                    .toList().stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void translatesBothWays(String name, Path file) throws IOException {
        String kind = file.getParent().getFileName().toString();
        JsonNode golden;
        try (InputStream in = Files.newInputStream(file)) {
            golden = Json.MAPPER.readTree(in);
        }
        WireAdapter adapter = ADAPTERS.get(kind).get();
        Target target = target(kind, golden.path("config"));
        ChatRequest request = Json.MAPPER.treeToValue(golden.path("request"), ChatRequest.class);

        if (golden.has("wire")) {
            WireRequest wire = adapter.request(request, target);
            assertSameJson(name, Json.MAPPER.valueToTree(wire.body()), golden.get("wire"));
            if (golden.has("wirePath")) {
                assertThat(wire.path()).isEqualTo(golden.get("wirePath").asText());
            }
            if (golden.has("wireQuery")) {
                assertThat(wire.query()).isEqualTo(golden.get("wireQuery").asText());
            }
        }
        if (golden.has("wireResponse")) {
            JsonNode actual = Json.MAPPER.valueToTree(adapter.response(golden.get("wireResponse"), request, target));
            golden.get("response").properties().forEach(field ->
                    assertSameJson(name + ": " + field.getKey(), actual.get(field.getKey()), field.getValue()));
        }
    }

    /** JSON equality where 7 and 7L, 0 and 0.0 are the same number (as on the wire). */
    static void assertSameJson(String what, JsonNode actual, JsonNode expected) {
        Comparator<JsonNode> numbersByValue = (a, b) -> a.isNumber() && b.isNumber()
                ? a.decimalValue().compareTo(b.decimalValue()) : a.equals(b) ? 0 : 1;
        assertThat(actual != null && actual.equals(numbersByValue, expected))
                .as("%s%n expected: %s%n but was:  %s", what, expected, actual).isTrue();
    }

    /** A provider of this kind with a key, and a model alias "<x>-golden" served as "<x>-upstream"; "config" overrides. */
    static Target target(String kind, JsonNode config) {
        Provider provider = new Provider();
        provider.setKind(kind);
        provider.setApiKey("golden-key");
        Model model = new Model();
        model.setName("golden");
        model.setProvider("golden-" + kind);
        String upstream = config.path("model").asText(switch (kind) {
            case "anthropic" -> "claude-upstream";
            case "gemini" -> "gemini-upstream";
            default -> "upstream-model";
        });
        model.setModel(upstream);
        if (config.has("deployment")) model.setDeployment(config.get("deployment").asText());
        if (config.has("apiVersion")) model.setApiVersion(config.get("apiVersion").asText());
        if (config.has("keepAlive")) provider.setKeepAlive(config.get("keepAlive").asText());
        return new Target("golden-" + kind, provider, model, upstream);
    }

}
