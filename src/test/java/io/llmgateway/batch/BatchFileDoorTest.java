package io.llmgateway.batch;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmgateway.support.FakeProvider;
import io.llmgateway.support.GatewayTestSupport;
import io.llmgateway.support.OpenAiWire;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Files dropped into the inbox, answered line by line into the outbox in OpenAI's Batch format. */
class BatchFileDoorTest extends GatewayTestSupport {

    @org.springframework.beans.factory.annotation.Autowired
    private io.micrometer.core.instrument.MeterRegistry meters;

    private static final Path INBOX = BATCH_DIR.resolve("inbox");
    private static final Path OUTBOX = BATCH_DIR.resolve("outbox");
    private static final Path DONE = BATCH_DIR.resolve("done");

    @BeforeEach
    void fakeOpenAiAnswers() {
        OPENAI.reset(FakeProvider.Answer.json(200, OpenAiWire.completion("gpt-4o-mini-2024-07-18", "Hello from fake OpenAI")));
    }

    @Test
    void answersEveryLineOfADroppedFileAndReportsTheBatch() throws Exception {
        List<String> lines = new ArrayList<>();
        for (int i = 1; i <= 5; i++) {
            lines.add(chatLine("q-" + i, "mock-gpt", "answer " + i));
        }
        lines.add("""
                {"custom_id":"via-openai","method":"POST","url":"/v1/chat/completions",\
                "body":{"model":"gpt-4o-mini","messages":[{"role":"user","content":"batch hello"}]}}""");
        // the write-then-rename convention: a .tmp file is never picked up
        Path tmp = INBOX.resolve("round-trip.jsonl.tmp");
        Files.createDirectories(INBOX);
        Files.write(tmp, lines);
        Thread.sleep(1500);
        assertThat(OUTBOX.resolve("round-trip.output.jsonl")).doesNotExist();
        Files.move(tmp, INBOX.resolve("round-trip.jsonl"));

        awaitDone("round-trip");
        Map<String, JsonNode> output = byCustomId(OUTBOX.resolve("round-trip.output.jsonl"));
        assertThat(output).hasSize(6);
        assertThat(readLines(OUTBOX.resolve("round-trip.errors.jsonl"))).isEmpty();
        for (int i = 1; i <= 5; i++) {
            JsonNode record = output.get("q-" + i);
            assertThat(record.path("id").asText()).startsWith("batch_req_");
            assertThat(record.path("error").isNull()).isTrue();
            assertThat(record.at("/response/status_code").asInt()).isEqualTo(200);
            assertThat(record.at("/response/request_id").asText()).isEqualTo(record.path("id").asText());
            assertThat(record.at("/response/body/object").asText()).isEqualTo("chat.completion");
            assertThat(record.at("/response/body/choices/0/message/content").asText()).isEqualTo("answer " + i);
        }
        assertThat(output.get("via-openai").at("/response/body/choices/0/message/content").asText())
                .isEqualTo("Hello from fake OpenAI");
        assertThat(INBOX.resolve("round-trip.jsonl")).doesNotExist();

        HttpResponse<String> status = get("/v1/batches/batch_round-trip");
        JsonNode batch = json(status.body());
        assertThat(status.statusCode()).as(status.body()).isEqualTo(200);
        assertThat(batch.path("object").asText()).isEqualTo("batch");
        assertThat(batch.path("status").asText()).isEqualTo("completed");
        assertThat(batch.path("endpoint").asText()).isEqualTo("/v1/chat/completions");
        assertThat(batch.path("output_file_id").asText()).isEqualTo("round-trip.output.jsonl");
        assertThat(batch.at("/request_counts/total").asInt()).isEqualTo(6);
        assertThat(batch.at("/request_counts/completed").asInt()).isEqualTo(6);
        assertThat(batch.at("/request_counts/failed").asInt()).isZero();
        assertThat(batch.path("completed_at").asLong()).isGreaterThanOrEqualTo(batch.path("created_at").asLong());
        // each line is reported like an HTTP request, tagged door=file
        assertThat(meters.find("gen_ai.client.operation.duration").tags("door", "file", "status", "200").timers()
                .stream().mapToLong(io.micrometer.core.instrument.Timer::count).sum()).isGreaterThanOrEqualTo(6);

        JsonNode list = json(get("/v1/batches").body());
        assertThat(list.path("object").asText()).isEqualTo("list");
        assertThat(list.path("data").findValuesAsText("id")).contains("batch_round-trip");
        assertThat(list.has("first_id")).isTrue();
        assertThat(list.path("has_more").asBoolean()).isFalse();
        var missing = get("/v1/batches/batch_nope");
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(json(missing.body()).at("/error/message").asText()).contains("batch_nope");
    }

    @Test
    void waitsForAFileThatIsStillBeingWritten() throws Exception {
        Files.createDirectories(INBOX);
        Path file = INBOX.resolve("slow-writer.jsonl");
        int count = 30;
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            for (int i = 0; i < count; i++) {
                String line = chatLine("w-" + i, "mock-gpt", "written " + i);
                // half a line, a pause, the rest: a reader that started early would see a torn line
                out.write(line, 0, line.length() / 2);
                out.flush();
                Thread.sleep(50);
                out.write(line, line.length() / 2, line.length() - line.length() / 2);
                out.newLine();
                out.flush();
                Thread.sleep(50);
            }
        }
        awaitDone("slow-writer");
        assertThat(readLines(OUTBOX.resolve("slow-writer.errors.jsonl"))).isEmpty();
        assertThat(byCustomId(OUTBOX.resolve("slow-writer.output.jsonl"))).hasSize(count);
    }

    @Test
    void badLinesBecomeErrorLinesAndTheRestGoesOn() throws Exception {
        List<String> lines = List.of(
                chatLine("good-1", "mock-gpt", "fine"),
                "{not json",
                """
                {"method":"POST","url":"/v1/chat/completions","body":{"model":"mock-gpt","messages":[{"role":"user","content":"x"}]}}""",
                chatLine("good-1", "mock-gpt", "again"),
                """
                {"custom_id":"bad-url","method":"POST","url":"/v1/images","body":{}}""",
                """
                {"custom_id":"embed","method":"POST","url":"/v1/embeddings","body":{"model":"x","input":"hi"}}""",
                chatLine("unknown-model", "no-such-model", "x"),
                chatLine("dead", "dead-model", "x"),
                "",
                """
                {"custom_id":"bad-body","method":"POST","url":"/v1/chat/completions","body":{"model":"mock-gpt","messages":[]}}""",
                chatLine("good-2", "mock-gpt", "fine too"));
        drop("bad-lines", lines);
        awaitDone("bad-lines");

        List<JsonNode> output = readLines(OUTBOX.resolve("bad-lines.output.jsonl"));
        List<JsonNode> errors = readLines(OUTBOX.resolve("bad-lines.errors.jsonl"));
        assertThat(output).extracting(r -> r.path("custom_id").asText()).containsExactlyInAnyOrder("good-1", "good-2");
        // ten request lines (one blank line is not a request): each appears exactly once
        assertThat(output.size() + errors.size()).isEqualTo(10);
        Set<String> ids = new HashSet<>();
        Stream.concat(output.stream(), errors.stream()).forEach(r -> assertThat(ids.add(r.path("id").asText())).isTrue());

        Map<Long, JsonNode> byLine = new HashMap<>();
        errors.forEach(r -> byLine.put(BatchOutput.lineNumber(r.path("id").asText()), r));
        assertThat(byLine.get(2L).at("/error/code").asText()).isEqualTo("invalid_json");
        assertThat(byLine.get(2L).at("/error/message").asText()).startsWith("Line 2 is not valid JSON");
        assertThat(byLine.get(2L).path("response").isNull()).isTrue();
        assertThat(byLine.get(3L).at("/error/code").asText()).isEqualTo("missing_custom_id");
        assertThat(byLine.get(4L).at("/error/code").asText()).isEqualTo("duplicate_custom_id");
        assertThat(byLine.get(4L).at("/error/message").asText()).contains("line 1");
        assertThat(byLine.get(5L).at("/error/code").asText()).isEqualTo("invalid_url");
        assertThat(byLine.get(6L).at("/error/code").asText()).isEqualTo("unsupported_url");
        assertThat(byLine.get(7L).at("/response/status_code").asInt()).isEqualTo(404);
        assertThat(byLine.get(7L).at("/response/body/error/code").asText()).isEqualTo("model_not_found");
        assertThat(byLine.get(8L).at("/response/status_code").asInt()).isEqualTo(502);
        assertThat(byLine.get(8L).at("/response/body/error/code").asText()).isEqualTo("provider_unreachable");
        assertThat(byLine.get(10L).at("/response/status_code").asInt()).isEqualTo(400);
        assertThat(byLine.get(10L).at("/response/body/error/code").asText()).isEqualTo("empty_array");

        JsonNode batch = json(get("/v1/batches/batch_bad-lines").body());
        assertThat(batch.at("/request_counts/completed").asInt()).isEqualTo(2);
        assertThat(batch.at("/request_counts/failed").asInt()).isEqualTo(8);
    }

    @Test
    void aLineOverTheLimitGetsAnErrorLineAndTheRestGoesOn() throws Exception {
        // gateway.batch.max-line-size is 64KB in the tests; this line is 2 MB and never held whole
        List<String> lines = List.of(
                chatLine("before", "mock-gpt", "fine"),
                chatLine("huge", "mock-gpt", "x".repeat(2 * 1024 * 1024)),
                chatLine("after", "mock-gpt", "fine too"));
        drop("long-line", lines);
        awaitDone("long-line");

        assertThat(byCustomId(OUTBOX.resolve("long-line.output.jsonl"))).containsOnlyKeys("before", "after");
        List<JsonNode> errors = readLines(OUTBOX.resolve("long-line.errors.jsonl"));
        assertThat(errors).hasSize(1);
        assertThat(BatchOutput.lineNumber(errors.get(0).path("id").asText())).isEqualTo(2L);
        assertThat(errors.get(0).at("/error/code").asText()).isEqualTo("line_too_long");
        assertThat(errors.get(0).at("/error/message").asText()).isEqualTo(
                "Line 2 is longer than the limit of 65536 characters (gateway.batch.max-line-size).");
        JsonNode batch = json(get("/v1/batches/batch_long-line").body());
        assertThat(batch.at("/request_counts/total").asInt()).isEqualTo(3);
    }

    @Test
    void resumesAfterACrashWithoutRunningFinishedLinesAgain() throws Exception {
        // What a killed gateway leaves behind: lines 1-3 finished, line 4 torn mid-write, the input still in the inbox.
        Files.createDirectories(OUTBOX);
        StringBuilder previous = new StringBuilder();
        for (int i = 1; i <= 3; i++) {
            previous.append("{\"id\":\"batch_req_resume_").append(i).append("\",\"custom_id\":\"r-").append(i)
                    .append("\",\"response\":{\"status_code\":200,\"request_id\":\"x\",\"body\":{\"note\":\"previous run\"}},\"error\":null}\n");
        }
        previous.append("{\"id\":\"batch_req_resume_4\",\"custom_id\":\"r-4\",\"respo");
        Files.writeString(OUTBOX.resolve("resume.output.jsonl"), previous);
        List<String> lines = new ArrayList<>();
        for (int i = 1; i <= 8; i++) {
            lines.add(chatLine("r-" + i, "mock-gpt", "resumed " + i));
        }
        drop("resume", lines);
        awaitDone("resume");

        List<JsonNode> output = readLines(OUTBOX.resolve("resume.output.jsonl"));
        assertThat(output).extracting(r -> r.path("custom_id").asText())
                .containsExactlyInAnyOrder("r-1", "r-2", "r-3", "r-4", "r-5", "r-6", "r-7", "r-8");
        Map<String, JsonNode> byId = byCustomId(OUTBOX.resolve("resume.output.jsonl"));
        for (int i = 1; i <= 3; i++) {
            assertThat(byId.get("r-" + i).at("/response/body/note").asText()).isEqualTo("previous run");
        }
        for (int i = 4; i <= 8; i++) {
            assertThat(byId.get("r-" + i).at("/response/body/choices/0/message/content").asText()).isEqualTo("resumed " + i);
        }
    }

    @Test
    void streamsALargeFileToTheEnd() throws Exception {
        int count = 20_000;
        Path tmp = INBOX.resolve("large.jsonl.tmp");
        Files.createDirectories(INBOX);
        try (BufferedWriter out = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
            for (int i = 0; i < count; i++) {
                out.write(chatLine("big-" + i, "mock-gpt", "a" + i));
                out.newLine();
            }
        }
        Files.move(tmp, INBOX.resolve("large.jsonl"));
        awaitDone("large", Duration.ofMinutes(4));
        Set<String> seen = new HashSet<>();
        try (Stream<String> out = Files.lines(OUTBOX.resolve("large.output.jsonl"))) {
            out.forEach(line -> assertThat(seen.add(json(line).path("custom_id").asText())).isTrue());
        }
        assertThat(seen).hasSize(count);
        assertThat(readLines(OUTBOX.resolve("large.errors.jsonl"))).isEmpty();
    }

    @Test
    void aStreamRequestInAFileIsAnsweredWhole() throws Exception {
        // a file has nowhere to stream to: "stream": true is ignored and the line gets the whole answer
        drop("stream-line", List.of("""
                {"custom_id":"s1","method":"POST","url":"/v1/chat/completions","body":{"model":"mock-gpt","stream":true,\
                "stream_options":{"include_usage":true},"mock_response":"whole","messages":[{"role":"user","content":"x"}]}}"""));
        awaitDone("stream-line");

        List<JsonNode> output = readLines(OUTBOX.resolve("stream-line.output.jsonl"));
        assertThat(output).hasSize(1);
        assertThat(output.get(0).at("/response/body/object").asText()).isEqualTo("chat.completion");
        assertThat(output.get(0).at("/response/body/choices/0/message/content").asText()).isEqualTo("whole");
    }

    static String chatLine(String customId, String model, String reply) {
        return "{\"custom_id\":\"" + customId + "\",\"method\":\"POST\",\"url\":\"/v1/chat/completions\",\"body\":"
                + "{\"model\":\"" + model + "\",\"mock_response\":\"" + reply + "\","
                + "\"messages\":[{\"role\":\"user\",\"content\":\"say " + reply + "\"}]}}";
    }

    private static void drop(String name, List<String> lines) throws IOException {
        Files.createDirectories(INBOX);
        Path tmp = INBOX.resolve(name + ".jsonl.tmp");
        Files.write(tmp, lines);
        Files.move(tmp, INBOX.resolve(name + ".jsonl"));
    }

    private static void awaitDone(String name) throws InterruptedException {
        awaitDone(name, Duration.ofSeconds(30));
    }

    private static void awaitDone(String name, Duration limit) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (!Files.exists(DONE.resolve(name + ".jsonl"))) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(name + ".jsonl did not reach the done folder within " + limit);
            }
            Thread.sleep(100);
        }
    }

    private static List<JsonNode> readLines(Path file) throws IOException {
        List<JsonNode> records = new ArrayList<>();
        for (String line : Files.readAllLines(file)) {
            assertThat(line).isNotBlank();
            records.add(json(line));
        }
        return records;
    }

    private static Map<String, JsonNode> byCustomId(Path file) throws IOException {
        Map<String, JsonNode> records = new HashMap<>();
        for (JsonNode record : readLines(file)) {
            assertThat(records.put(record.path("custom_id").asText(), record)).as("custom_id once").isNull();
        }
        return records;
    }
}
