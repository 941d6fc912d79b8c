package io.llmgateway.guide;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.llmgateway.GatewayApplication;
import io.llmgateway.support.FakeProvider;
import io.llmgateway.support.FakeProvider.Answer;
import io.llmgateway.support.OpenAiWire;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

/**
 * The integrator guide (docs/integrator.md), pasted as a user would: config snippets merged into the shipped
 * application.yaml, route snippets dropped into a copy of routes/, then one gateway started on
 * that and each snippet exercised over real HTTP, a real (embedded) Kafka broker and real files.
 */
class GuideSnippetsTest {

    private static final Pattern SNIPPET = Pattern.compile("<!-- guide: (\\S+) -->\\s*```\\w*\\n(.*?)```", Pattern.DOTALL);
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static final FakeProvider GROQ = new FakeProvider(
            Answer.json(200, OpenAiWire.completion("llama-3.1-8b-instant", "Hello from fake Groq")));
    private static EmbeddedKafkaKraftBroker kafka;
    private static ConfigurableApplicationContext gateway;
    private static Path nightly;
    private static int port;

    @BeforeAll
    static void pasteTheGuideAndStart() throws IOException {
        Map<String, String> snippets = snippets();
        assertThat(snippets.keySet()).as("every guide snippet is exercised below")
                .isEqualTo(Set.of("provider", "fallbacks", "routing-rule", "tool", "kafka-topic", "batch-folder"));

        kafka = new EmbeddedKafkaKraftBroker(1, 1, "support.llm.requests", "support.llm.replies", "support.llm.requests.dlq");
        kafka.afterPropertiesSet();

        ObjectNode config = (ObjectNode) YAML.readTree(Path.of("application.yaml").toFile());
        for (String name : List.of("provider", "fallbacks", "kafka-topic", "batch-folder")) {
            merge(config, (ObjectNode) YAML.readTree(snippets.get(name)));
        }
        Path work = Files.createTempDirectory("guide");
        Path applicationYaml = work.resolve("application.yaml");
        YAML.writeValue(applicationYaml.toFile(), config);

        Path routes = work.resolve("routes");
        copy(Path.of("routes"), routes);
        Path rules = routes.resolve("routing-rules.camel.yaml");
        String text = Files.readString(rules);
        String anchor = "              - id: rule-task-class";
        assertThat(text).contains(anchor);
        Files.writeString(rules, text.replace(anchor, snippets.get("routing-rule") + anchor));
        Files.writeString(routes.resolve("tools/order-status.camel.yaml"), snippets.get("tool"));

        nightly = work.resolve("nightly");
        Map<String, Object> environment = new LinkedHashMap<>();
        environment.put("spring.config.location", "file:" + applicationYaml);
        environment.put("PORT", "0");
        environment.put("GATEWAY_ROUTES_DIR", routes.toString());
        environment.put("GROQ_BASE_URL", GROQ.baseUrl() + "/openai/v1");
        environment.put("GROQ_API_KEY", "gsk-guide-test-key");
        environment.put("KAFKA_BOOTSTRAP_SERVERS", kafka.getBrokersAsString());
        environment.put("NIGHTLY_DIR", nightly.toString());
        environment.put("gateway.batch.read-lock-min-age", "200ms");
        environment.put("GATEWAY_DATABASE_URL", io.llmgateway.support.TestDatabases.newH2Url());
        gateway = new SpringApplicationBuilder(GatewayApplication.class).properties(environment).run();
        port = ((WebServerApplicationContext) gateway).getWebServer().getPort();
    }

    @AfterAll
    static void stop() {
        if (gateway != null) {
            gateway.close();
        }
        if (kafka != null) {
            kafka.destroy();
        }
        GROQ.close();
    }

    @Test
    void theAddedProviderServesItsModel() {
        GROQ.reset(Answer.json(200, OpenAiWire.completion("llama-3.1-8b-instant", "Hello from fake Groq")));

        HttpResponse<String> response = chat("{\"model\":\"llama-fast\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(json(response.body()).at("/choices/0/message/content").asText()).isEqualTo("Hello from fake Groq");
        assertThat(GROQ.last().path()).isEqualTo("/openai/v1/chat/completions");
        assertThat(GROQ.last().header("Authorization")).isEqualTo("Bearer gsk-guide-test-key");
        assertThat(json(GROQ.last().body()).path("model").asText()).isEqualTo("llama-3.1-8b-instant");
    }

    @Test
    void theAliasFallsBackWhenItsProviderFails() {
        GROQ.reset(Answer.json(503, OpenAiWire.error("Service unavailable", "server_error", null, null)));

        HttpResponse<String> response = chat("{\"model\":\"support-bot\",\"messages\":[{\"role\":\"user\",\"content\":\"help\"}]}");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("x-gateway-provider")).hasValue("mock");
        assertThat(response.headers().firstValue("x-gateway-attempts")).hasValueSatisfying(a ->
                assertThat(a).contains("groq:503").endsWith("mock:200"));
        assertThat(json(GROQ.last().body()).at("/messages/0/content").asText()).isEqualTo("You are ACME's support assistant.");
    }

    @Test
    void theRoutingRuleSendsInvoicesToTheFastModel() {
        GROQ.reset(Answer.json(200, OpenAiWire.completion("llama-3.1-8b-instant", "Hello from fake Groq")));

        HttpResponse<String> response = chat("{\"model\":\"mock-gpt\",\"messages\":[{\"role\":\"user\",\"content\":\"My invoice is wrong\"}]}");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("x-gateway-rule")).hasValue("keyword:invoice");
        assertThat(response.headers().firstValue("x-gateway-provider")).hasValue("groq");
        HttpResponse<String> other = chat("{\"model\":\"mock-gpt\",\"messages\":[{\"role\":\"user\",\"content\":\"hello\"}]}");
        assertThat(other.headers().firstValue("x-gateway-provider")).hasValue("mock");
    }

    @Test
    void theToolRunsWhenTheModelCallsIt() {
        HttpResponse<String> response = chat("""
                {"model":"mock-gpt","tools":[{"type":"function","function":{"name":"order-status"}}],
                 "messages":[{"role":"user","content":"Where is my order?"}]}""");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("x-gateway-tools")).hasValue("order-status");
        assertThat(json(response.body()).at("/choices/0/message/content").asText()).contains("left the warehouse today");
    }

    @Test
    void theKafkaTopicIsServed() {
        Properties producerProps = new Properties();
        producerProps.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.getBrokersAsString());
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(producerProps, new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>("support.llm.requests", "ticket-1",
                    "{\"model\":\"mock-gpt\",\"mock_response\":\"on it\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}"));
        }
        Properties consumerProps = new Properties();
        consumerProps.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.getBrokersAsString());
        consumerProps.put(ConsumerConfig.GROUP_ID_CONFIG, "guide-test");
        consumerProps.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(consumerProps, new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of("support.llm.replies"));
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
                    if ("ticket-1".equals(record.key())) {
                        assertThat(json(record.value()).at("/choices/0/message/content").asText()).isEqualTo("on it");
                        return;
                    }
                }
            }
        }
        throw new AssertionError("no reply on support.llm.replies within 60 s");
    }

    @Test
    void theBatchFolderIsServed() throws Exception {
        Path inbox = nightly.resolve("inbox");
        Files.createDirectories(inbox);
        Path tmp = inbox.resolve("nightly.jsonl.tmp");
        Files.writeString(tmp, "{\"custom_id\":\"a\",\"method\":\"POST\",\"url\":\"/v1/chat/completions\",\"body\":"
                + "{\"model\":\"mock-gpt\",\"mock_response\":\"done\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}}\n");
        Files.move(tmp, inbox.resolve("nightly.jsonl"));

        Path output = nightly.resolve("outbox/nightly.output.jsonl");
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!Files.exists(nightly.resolve("done/nightly.jsonl")) && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertThat(Files.readAllLines(output)).singleElement().satisfies(line -> {
            JsonNode record = json(line);
            assertThat(record.path("custom_id").asText()).isEqualTo("a");
            assertThat(record.at("/response/body/choices/0/message/content").asText()).isEqualTo("done");
        });
    }

    private static HttpResponse<String> chat(String body) {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/chat/completions"))
                    .header("Content-Type", "application/json").timeout(Duration.ofSeconds(30))
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException | InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    private static Map<String, String> snippets() throws IOException {
        Map<String, String> snippets = new LinkedHashMap<>();
        Matcher m = SNIPPET.matcher(Files.readString(Path.of("docs/integrator.md"), StandardCharsets.UTF_8));
        while (m.find()) {
            snippets.put(m.group(1), m.group(2));
        }
        return snippets;
    }

    /** What pasting does: maps merge, lists get the new entries appended. */
    private static void merge(ObjectNode into, ObjectNode from) {
        from.fields().forEachRemaining(e -> {
            JsonNode existing = into.get(e.getKey());
            if (existing instanceof ObjectNode target && e.getValue() instanceof ObjectNode source) {
                merge(target, source);
            } else if (existing instanceof ArrayNode target && e.getValue() instanceof ArrayNode source) {
                target.addAll(source);
            } else {
                into.set(e.getKey(), e.getValue());
            }
        });
    }

    private static void copy(Path from, Path to) throws IOException {
        try (Stream<Path> walk = Files.walk(from)) {
            for (Path source : walk.toList()) {
                Path target = to.resolve(from.relativize(source).toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(source, target);
                }
            }
        }
    }

    private static JsonNode json(String body) {
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            throw new AssertionError("Not JSON: " + body, e);
        }
    }
}
