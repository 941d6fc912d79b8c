package io.llmgateway.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmgateway.support.FakeProvider;
import io.llmgateway.support.GatewayTestSupport;
import io.llmgateway.support.OpenAiWire;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import org.apache.camel.CamelContext;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.test.context.TestPropertySource;

/** The Kafka door against a real (embedded KRaft) broker: replies, dead letters, commits only after replies. */
@EmbeddedKafka(kraft = true, partitions = 1,
        topics = {"llm.requests", "llm.responses", "llm.requests.dlq", "team-a.replies"})
@TestPropertySource(properties = {
        "gateway.kafka.bootstrap-servers=${spring.embedded.kafka.brokers}",
        "gateway.kafka.max-poll-records=3",
        "gateway.kafka.reply-topics=team-*",
        // one file door per inbox: the shared context already watches it
        "gateway.batch.enabled=false"})
class KafkaDoorTest extends GatewayTestSupport {

    private static final String REQUESTS = "llm.requests";

    @Autowired
    private EmbeddedKafkaBroker broker;
    @Autowired
    private CamelContext camel;
    @Autowired
    private io.micrometer.core.instrument.MeterRegistry meters;

    private static KafkaProducer<String, String> producer;

    @BeforeAll
    static void noProducerYet() {
        producer = null;
    }

    @BeforeEach
    void fakeOpenAiAnswers() {
        OPENAI.reset(FakeProvider.Answer.json(200, OpenAiWire.completion("gpt-4o-mini-2024-07-18", "Hello from fake OpenAI")));
    }

    @AfterAll
    static void closeProducer() {
        if (producer != null) {
            producer.close();
        }
    }

    @Test
    void repliesWithTheCompletionUnderTheSameKeyAndCorrelationId() throws Exception {
        String key = "order-" + UUID.randomUUID();
        send(REQUESTS, key, chat("mock-gpt", "pong"), Map.of("correlation-id", "corr-" + key));

        ConsumerRecord<String, String> reply = await("llm.responses", r -> key.equals(r.key()));
        assertThat(header(reply, "correlation-id")).isEqualTo("corr-" + key);
        assertThat(header(reply, "provider")).isEqualTo("mock");
        assertThat(header(reply, "attempts")).isEqualTo("1");
        assertThat(header(reply, "attempts-detail")).isEqualTo("mock:200");
        assertThat(Long.parseLong(header(reply, "latency-ms"))).isGreaterThanOrEqualTo(0);
        JsonNode completion = json(reply.value());
        assertThat(completion.path("object").asText()).isEqualTo("chat.completion");
        assertThat(completion.at("/choices/0/message/content").asText()).isEqualTo("pong");
        awaitRequestMetric("mock-gpt", "200");
    }

    /** The Kafka door reports each request like the HTTP door does, tagged door=kafka. */
    private void awaitRequestMetric(String model, String status) throws InterruptedException {
        long deadline = System.nanoTime() + java.time.Duration.ofSeconds(10).toNanos();
        while (true) {
            io.micrometer.core.instrument.Timer timer = meters.find("gen_ai.client.operation.duration")
                    .tags("door", "kafka", "model", model, "status", status).timer();
            if (timer != null && timer.count() > 0) {
                return;
            }
            assertThat(System.nanoTime()).as("door=kafka request metric for %s %s", model, status).isLessThan(deadline);
            Thread.sleep(50);
        }
    }

    @Test
    void repliesOnTheReplyToTopicAndUsesTheKeyWhenNoCorrelationIdIsGiven() throws Exception {
        String key = "k-" + UUID.randomUUID();
        send(REQUESTS, key, chat("gpt-4o-mini", "ignored"), Map.of("reply-to", "team-a.replies"));

        ConsumerRecord<String, String> reply = await("team-a.replies", r -> key.equals(r.key()));
        assertThat(header(reply, "correlation-id")).isEqualTo(key);
        assertThat(header(reply, "provider")).isEqualTo("fake-openai");
        assertThat(json(reply.value()).at("/choices/0/message/content").asText()).isEqualTo("Hello from fake OpenAI");
    }

    @Test
    void theKafkaRouteKeepsTheDoorContract() {
        io.llmgateway.door.DoorSteps.assertDoorRoute((org.apache.camel.model.ModelCamelContext) camel,
                ((org.apache.camel.model.ModelCamelContext) camel).getRouteDefinition("kafka-chat-requests"));
    }

    @Test
    void sendsARecordWhoseReplyToIsNotAllowedToTheDeadLetterTopicWithTheReason() throws Exception {
        String key = "sneaky-" + UUID.randomUUID();
        String request = chat("mock-gpt", "write my answer into your DLQ");
        send(REQUESTS, key, request, Map.of("reply-to", "llm.requests"));

        ConsumerRecord<String, String> dead = await("llm.requests.dlq", r -> key.equals(r.key()));
        assertThat(dead.value()).isEqualTo(request);
        assertThat(header(dead, "error-status")).isEqualTo("400");
        assertThat(header(dead, "error-code")).isEqualTo("reply_topic_not_allowed");
        assertThat(header(dead, "error-message")).contains("'llm.requests'").contains("gateway.kafka.reply-topics");
    }

    @Test
    void sendsAPoisonRecordToTheDeadLetterTopicAtOnceWithTheReason() throws Exception {
        String key = "poison-" + UUID.randomUUID();
        send(REQUESTS, key, "{this is not json", Map.of());

        ConsumerRecord<String, String> dead = await("llm.requests.dlq", r -> key.equals(r.key()));
        assertThat(dead.value()).isEqualTo("{this is not json");
        assertThat(header(dead, "correlation-id")).isEqualTo(key);
        assertThat(header(dead, "error-type")).isEqualTo("invalid_request_error");
        assertThat(header(dead, "error-code")).isEqualTo("invalid_json");
        assertThat(header(dead, "error-message")).contains("could not parse the JSON body");
        assertThat(header(dead, "attempts")).isEqualTo("0");
        awaitRequestMetric("none", "400");
        // and the door goes on with the next record
        String next = "after-poison-" + UUID.randomUUID();
        send(REQUESTS, next, chat("mock-gpt", "still here"), Map.of());
        assertThat(json(await("llm.responses", r -> next.equals(r.key())).value())
                .at("/choices/0/message/content").asText()).isEqualTo("still here");
    }

    @Test
    void sendsARequestEveryProviderFailedToTheDeadLetterTopic() throws Exception {
        String key = "dead-" + UUID.randomUUID();
        String request = chat("dead-model", "x");
        send(REQUESTS, key, request, Map.of("correlation-id", "c-" + key));

        ConsumerRecord<String, String> dead = await("llm.requests.dlq", r -> key.equals(r.key()));
        assertThat(dead.value()).isEqualTo(request);
        assertThat(header(dead, "correlation-id")).isEqualTo("c-" + key);
        assertThat(header(dead, "error-type")).isEqualTo("provider_error");
        assertThat(header(dead, "error-code")).isEqualTo("provider_unreachable");
        assertThat(header(dead, "error-message")).contains("fake-dead").doesNotContain("dead-key-not-used");
        assertThat(header(dead, "provider")).isEqualTo("fake-dead");
        assertThat(header(dead, "attempts")).isEqualTo("1");
        assertThat(header(dead, "attempts-detail")).startsWith("fake-dead:");
    }

    @Test
    void keepsARecordUncommittedWhileTheDeadLetterTopicRefusesIt() throws Exception {
        TopicPartition partition = new TopicPartition(REQUESTS, 0);
        awaitCommittedUpToEnd(partition);
        long before = committed(partition);
        ConfigResource dlq = new ConfigResource(ConfigResource.Type.TOPIC, "llm.requests.dlq");
        setTopicConfig(dlq, "max.message.bytes", "64");
        String key = "refused-" + UUID.randomUUID();
        String value = "{not json, and longer than the dead letter topic accepts: " + "x".repeat(100) + "}";
        try {
            send(REQUESTS, key, value, Map.of());
            Thread.sleep(3000);
            assertThat(committed(partition)).as("not committed while its dead letter is refused").isEqualTo(before);
        } finally {
            setTopicConfig(dlq, "max.message.bytes", "1048588");
        }
        ConsumerRecord<String, String> dead = await("llm.requests.dlq", r -> key.equals(r.key()));
        assertThat(dead.value()).isEqualTo(value);
        awaitCommittedUpToEnd(partition);
    }

    @Test
    void commitsOnlyWhatWasAnsweredSoAStoppedConsumerLosesNothing() throws Exception {
        TopicPartition partition = new TopicPartition(REQUESTS, 0);
        awaitCommittedUpToEnd(partition);
        long base = committed(partition);
        // slow upstream answers, so the consumer is stopped with records polled but not yet answered
        int count = 6;
        for (int i = 0; i < count; i++) {
            OPENAI.enqueue(FakeProvider.Answer.json(200, OpenAiWire.completion("gpt-4o-mini-2024-07-18", "slow " + i))
                    .after(Duration.ofMillis(400)));
        }
        String batch = "stop-" + UUID.randomUUID();
        for (int i = 0; i < count; i++) {
            send(REQUESTS, batch + "-" + i, chat("gpt-4o-mini", batch + "-" + i), Map.of());
        }
        await("llm.responses", r -> r.key().startsWith(batch));
        camel.getRouteController().stopRoute("kafka-chat-requests");
        try {
            readToEnd(new TopicPartition("llm.responses", 0));
            long answered = replies(batch).size();
            long committedWhileStopped = committed(partition) - base;
            assertThat(answered).as("stopped mid-stream").isLessThan(count);
            assertThat(committedWhileStopped).as("only answered records are committed").isEqualTo(answered);
        } finally {
            camel.getRouteController().startRoute("kafka-chat-requests");
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (replies(batch).stream().map(ConsumerRecord::key).distinct().count() < count) {
            assertThat(System.nanoTime()).as("every request answered after the restart").isLessThan(deadline);
            Thread.sleep(100);
        }
        awaitCommittedUpToEnd(partition);
    }

    // ---- a tiny Kafka client for the test ----

    private static final List<ConsumerRecord<String, String>> SEEN = new CopyOnWriteArrayList<>();
    private static final Map<String, KafkaConsumer<String, String>> READERS = new java.util.concurrent.ConcurrentHashMap<>();

    private void send(String topic, String key, String value, Map<String, String> headers) throws Exception {
        if (producer == null) {
            Properties config = new Properties();
            config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.getBrokersAsString());
            config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
            config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
            producer = new KafkaProducer<>(config);
        }
        ProducerRecord<String, String> record = new ProducerRecord<>(topic, key, value);
        headers.forEach((name, v) -> record.headers().add(name, v.getBytes(StandardCharsets.UTF_8)));
        producer.send(record).get();
    }

    private ConsumerRecord<String, String> await(String topic, Predicate<ConsumerRecord<String, String>> match)
            throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            poll(topic);
            for (ConsumerRecord<String, String> r : SEEN) {
                if (r.topic().equals(topic) && match.test(r)) {
                    return r;
                }
            }
            Thread.sleep(50);
        }
        throw new AssertionError("no matching record on " + topic);
    }

    private List<ConsumerRecord<String, String>> replies(String keyPrefix) {
        poll("llm.responses");
        List<ConsumerRecord<String, String>> found = new ArrayList<>();
        for (ConsumerRecord<String, String> r : SEEN) {
            if (r.topic().equals("llm.responses") && r.key() != null && r.key().startsWith(keyPrefix)) {
                found.add(r);
            }
        }
        return found;
    }

    private synchronized void poll(String topic) {
        KafkaConsumer<String, String> reader = READERS.computeIfAbsent(topic, t -> {
            Properties config = new Properties();
            config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.getBrokersAsString());
            config.put(ConsumerConfig.GROUP_ID_CONFIG, "test-reader-" + UUID.randomUUID());
            config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
            config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
            config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
            KafkaConsumer<String, String> consumer = new KafkaConsumer<>(config);
            consumer.subscribe(List.of(t));
            return consumer;
        });
        reader.poll(Duration.ofMillis(200)).forEach(SEEN::add);
    }

    private void setTopicConfig(ConfigResource topic, String name, String value) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.getBrokersAsString()))) {
            admin.incrementalAlterConfigs(Map.of(topic, List.of(
                    new AlterConfigOp(new ConfigEntry(name, value), AlterConfigOp.OpType.SET)))).all().get();
        }
    }

    /** Reads the topic up to its current end, so every record written before now is in SEEN. */
    private void readToEnd(TopicPartition partition) throws Exception {
        long last = end(partition) - 1;
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (SEEN.stream().noneMatch(r -> r.topic().equals(partition.topic()) && r.offset() >= last)) {
            assertThat(System.nanoTime()).as("read " + partition + " to its end").isLessThan(deadline);
            poll(partition.topic());
        }
    }

    private long committed(TopicPartition partition) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.getBrokersAsString()))) {
            OffsetAndMetadata offset = admin.listConsumerGroupOffsets("llm-gateway")
                    .partitionsToOffsetAndMetadata().get().get(partition);
            return offset == null ? 0 : offset.offset();
        }
    }

    private long end(TopicPartition partition) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.getBrokersAsString()))) {
            return admin.listOffsets(Map.of(partition, org.apache.kafka.clients.admin.OffsetSpec.latest()))
                    .partitionResult(partition).get().offset();
        }
    }

    private void awaitCommittedUpToEnd(TopicPartition partition) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (committed(partition) < end(partition)) {
            assertThat(System.nanoTime()).as("group caught up").isLessThan(deadline);
            Thread.sleep(100);
        }
    }

    private static String header(ConsumerRecord<String, String> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    private static String chat(String model, String reply) {
        return "{\"model\":\"" + model + "\",\"mock_response\":\"" + reply + "\","
                + "\"messages\":[{\"role\":\"user\",\"content\":\"hello\"}]}";
    }
}
