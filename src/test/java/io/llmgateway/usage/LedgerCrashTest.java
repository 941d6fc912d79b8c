package io.llmgateway.usage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.llmgateway.GatewayApplication;
import io.llmgateway.support.TestDatabases;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * kill -9 under load: the gateway runs as a process of its own on the embedded default (an H2
 * file), answers requests from eight callers, and is killed without warning. Every answered request
 * has its ledger row except those answered in the last moments (the flush interval, 1 s, plus the
 * write), and no request has two.
 */
class LedgerCrashTest {

    private static final String KEY = "gk-crash-load-51d0c7";
    /** The documented window is the flush interval (1 s); the rest is room for the write on a busy machine. */
    private static final Duration LOSS_BOUND = Duration.ofSeconds(3);

    @Test
    void aKillMinusNineLosesAtMostTheLastFlushIntervalAndDuplicatesNothing() throws Exception {
        String url = TestDatabases.newH2Url();
        int port = freePort();
        Path log = Files.createTempFile("gateway-crash-", ".log");
        Process gateway = new ProcessBuilder(ProcessHandle.current().info().command().orElse("java"),
                "-Xmx512m", "-cp", System.getProperty("java.class.path"), GatewayApplication.class.getName(),
                "--server.port=" + port, "--spring.datasource.url=" + url, "--gateway.keys.load.key=" + KEY,
                "--gateway.admin-key=gk-crash-admin-0e4f", "--gateway.batch.enabled=false",
                "--gateway.routes.reload-enabled=false", "--gateway.usage.log-requests=false")
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        Map<String, Long> answeredAt = new ConcurrentHashMap<>();
        AtomicBoolean loading = new AtomicBoolean(true);
        AtomicLong sequence = new AtomicLong();
        long killedAt;
        try {
            await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(500))
                    .ignoreExceptions().until(() -> chat(http, port, "warm-up").statusCode() == 200);
            try (ExecutorService callers = Executors.newVirtualThreadPerTaskExecutor()) {
                for (int i = 0; i < 8; i++) {
                    callers.submit(() -> {
                        while (loading.get()) {
                            String id = "crash-" + sequence.incrementAndGet();
                            try {
                                if (chat(http, port, id).statusCode() == 200) {
                                    answeredAt.put(id, System.nanoTime());
                                }
                            } catch (IOException | InterruptedException | RuntimeException e) {
                                // the gateway is gone
                            }
                        }
                        return null;
                    });
                }
                await().atMost(Duration.ofMinutes(1)).until(() -> answeredAt.size() >= 500);
                gateway.destroyForcibly(); // SIGKILL: no shutdown hook, no flush
                killedAt = System.nanoTime();
                gateway.waitFor();
                loading.set(false);
            }
        } finally {
            gateway.destroyForcibly();
        }

        JdbcClient sql = JdbcClient.create(TestDatabases.dataSource(url));
        List<String> written = sql.sql("SELECT request_id FROM request_ledger WHERE request_id LIKE 'crash-%'")
                .query(String.class).list();
        assertThat(written).as("no request is written twice").doesNotHaveDuplicates();
        assertThat(answeredAt.keySet()).as("every written row was answered").containsAll(written);
        long lossBound = killedAt - LOSS_BOUND.toNanos();
        List<String> lostEarly = answeredAt.entrySet().stream()
                .filter(answer -> !written.contains(answer.getKey()) && answer.getValue() < lossBound)
                .map(Map.Entry::getKey).toList();
        assertThat(lostEarly).as("answered more than %s before the kill and not in the ledger", LOSS_BOUND).isEmpty();
        System.out.printf("kill -9: %d answered, %d in the ledger, %d lost%n", answeredAt.size(), written.size(),
                answeredAt.size() - written.size());
    }

    private static HttpResponse<String> chat(HttpClient http, int port, String requestId) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/chat/completions"))
                .timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + KEY)
                .header("X-Request-Id", requestId)
                .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"mock-gpt\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"))
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
