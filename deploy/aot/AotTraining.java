import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A training run for the gateway's AOT cache (JDK 25, JEP 483/514/515): starts the gateway with
 * {@code -XX:AOTCacheOutput}, sends it the benchmark's traffic for a while, then stops it, and the
 * JVM writes the cache on its way out: the classes loaded and linked, and the method profiles that
 * traffic built (JDK 25 keeps them), so a start from the cache compiles the request path sooner.
 * A cache made only from a start (no traffic) holds the start's classes and little of the request path.
 *
 * <p>JDK only, no dependencies: in a Docker build it runs from its class file on the runtime image;
 * with a JDK, as source: {@code java deploy/aot/AotTraining.java}. The upstream is a fake
 * OpenAI-compatible provider on the loopback, inside this process (the answers of
 * {@code bench/fake-provider.mjs}); the gateway gets one extra configuration file pointing its models
 * {@code aot-chat}, {@code aot-stream}, {@code aot-tools} at it. The traffic, on a few connections:
 * the benchmark's chat request (with {@code temperature} and {@code max_tokens}), streamed answers,
 * tool-call streams, the Responses API, and now and then a long prompt (~10k tokens).
 *
 * <pre>
 *   java deploy/aot/AotTraining.java [--seconds 60] [--connections 8] CACHE-FILE -- java [JVM flags] -jar app.jar [args]
 * </pre>
 * The gateway's JVM flags must be the ones it will run with (collector, heap, compact headers): a
 * cache made with other flags is refused at start (the JVM says so and starts without it).
 */
public final class AotTraining {

    private static final Pattern MODEL = Pattern.compile("\"model\"\\s*:\\s*\"([^\"]*)\"");
    private static final Pattern STREAM = Pattern.compile("\"stream\"\\s*:\\s*true");

    public static void main(String[] args) throws Exception {
        int seconds = 60;
        int connections = 8;
        int i = 0;
        for (; i < args.length && args[i].startsWith("--") && !args[i].equals("--"); i += 2) {
            switch (args[i]) {
                case "--seconds" -> seconds = Integer.parseInt(args[i + 1]);
                case "--connections" -> connections = Integer.parseInt(args[i + 1]);
                default -> usage("unknown option " + args[i]);
            }
        }
        if (args.length - i < 3 || !args[i + 1].equals("--")) {
            usage("a cache file, then -- and the gateway's command");
        }
        Path cache = Path.of(args[i]).toAbsolutePath();
        List<String> command = new ArrayList<>(List.of(args).subList(i + 2, args.length));

        HttpServer upstream = fakeUpstream();
        Path config = Files.createTempFile("aot-training", ".yaml");
        Files.writeString(config, trainingConfig(upstream.getAddress().getPort()));
        int port = freePort();
        command.add(1, "-XX:AOTCacheOutput=" + cache);
        command.add("--server.port=" + port);
        command.add("--server.address=127.0.0.1");
        command.add("--spring.config.additional-location=file:" + config);
        Path log = Files.createTempFile("aot-training", ".log");
        System.out.println("AOT training: starting the gateway (log " + log + ")");
        long t0 = System.nanoTime();
        Process gateway = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
        String base = "http://127.0.0.1:" + port;
        if (!waitReady(client, base, gateway)) {
            System.err.println("AOT training: the gateway did not start; its log:");
            System.err.println(tail(log));
            gateway.destroyForcibly();
            System.exit(1);
        }
        System.out.printf("AOT training: ready after %d ms; %d s of traffic on %d connections%n",
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0), seconds, connections);

        AtomicLong sent = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        String longPrompt = longPrompt(10_000);
        try (var threads = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int c = 0; c < connections; c++) {
                int worker = c;
                threads.submit(() -> {
                    for (long n = worker; System.nanoTime() < end; n++) {
                        try {
                            if (!send(client, base, (int) (n % 40), n, longPrompt)) {
                                failed.incrementAndGet();
                            }
                        } catch (IOException e) {
                            failed.incrementAndGet();
                        } catch (InterruptedException e) {
                            return;
                        }
                        sent.incrementAndGet();
                    }
                });
            }
        }
        System.out.printf("AOT training: %d requests (%d not 200); stopping the gateway, the JVM writes the cache%n",
                sent.get(), failed.get());
        gateway.destroy(); // SIGTERM: a normal exit, when the JVM writes the cache
        if (!gateway.waitFor(10, TimeUnit.MINUTES)) {
            gateway.destroyForcibly();
        }
        upstream.stop(0);
        Files.deleteIfExists(config);
        if (!Files.exists(cache)) {
            System.err.println("AOT training: no cache was written; the gateway's log:");
            System.err.println(tail(log));
            System.exit(1);
        }
        Files.deleteIfExists(log);
        System.out.printf("AOT training: %s, %d MB, in %d s%n", cache, Files.size(cache) >> 20,
                TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - t0));
    }

    /** One request of the mix, chosen by n (of 40): mostly the benchmark's chat request. */
    private static boolean send(HttpClient client, String base, int kind, long n, String longPrompt)
            throws IOException, InterruptedException {
        String path = "/v1/chat/completions";
        String body;
        if (kind < 26) {
            body = "{\"model\":\"aot-chat\",\"messages\":[{\"role\":\"system\",\"content\":\"You are a helpful assistant.\"},"
                    + "{\"role\":\"user\",\"content\":\"Say hello in one short sentence.\"}],\"temperature\":0.7,\"max_tokens\":64}";
        } else if (kind < 31) {
            body = "{\"model\":\"aot-stream\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"Count to one hundred.\"}]}";
        } else if (kind < 33) {
            body = "{\"model\":\"aot-tools\",\"stream\":true,\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"read_file\","
                    + "\"parameters\":{\"type\":\"object\",\"properties\":{\"path\":{\"type\":\"string\"}}}}}],"
                    + "\"messages\":[{\"role\":\"user\",\"content\":\"Read the file. seed:" + n + "\"}]}";
        } else if (kind < 38) {
            path = "/v1/responses";
            body = kind == 37
                    ? "{\"model\":\"aot-stream\",\"input\":\"Count to ten.\",\"stream\":true,\"store\":false}"
                    : "{\"model\":\"aot-chat\",\"input\":\"Say hello in one short sentence.\",\"store\":false}";
        } else {
            body = "{\"model\":\"aot-chat\",\"messages\":[{\"role\":\"user\",\"content\":" + longPrompt + "}],\"max_tokens\":64}";
        }
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30))
                .header("content-type", "application/json").header("authorization", "Bearer sk-aot-training")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        HttpResponse<Void> response = client.send(request, HttpResponse.BodyHandlers.discarding());
        return response.statusCode() == 200;
    }

    private static boolean waitReady(HttpClient client, String base, Process gateway) throws InterruptedException {
        long until = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
        while (System.nanoTime() < until && gateway.isAlive()) {
            try {
                HttpRequest health = HttpRequest.newBuilder(URI.create(base + "/actuator/health"))
                        .timeout(Duration.ofSeconds(2)).build();
                if (client.send(health, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return true;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(100);
        }
        return false;
    }

    /** The fake provider: bench/fake-provider.mjs's answers, without delays. */
    private static HttpServer fakeUpstream() throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 256);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/v1/chat/completions", AotTraining::answer);
        server.start();
        return server;
    }

    private static void answer(HttpExchange exchange) throws IOException {
        byte[] in = exchange.getRequestBody().readAllBytes();
        String head = new String(in, 0, Math.min(in.length, 512), StandardCharsets.UTF_8);
        Matcher model = MODEL.matcher(head);
        String name = model.find() ? model.group(1) : "fake";
        long created = System.currentTimeMillis() / 1000;
        if (!STREAM.matcher(head).find()) {
            byte[] out = ("{\"id\":\"chatcmpl-bench\",\"object\":\"chat.completion\",\"created\":" + created + ",\"model\":\"" + name
                    + "\",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"Hello! How can I help you today?\","
                    + "\"refusal\":null},\"logprobs\":null,\"finish_reason\":\"stop\"}],"
                    + "\"usage\":{\"prompt_tokens\":12,\"completion_tokens\":9,\"total_tokens\":21},\"system_fingerprint\":\"fp_bench\"}")
                    .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("content-type", "application/json");
            exchange.sendResponseHeaders(200, out.length);
            try (OutputStream body = exchange.getResponseBody()) {
                body.write(out);
            }
            return;
        }
        exchange.getResponseHeaders().set("content-type", "text/event-stream");
        exchange.sendResponseHeaders(200, 0);
        String prefix = "data: {\"id\":\"chatcmpl-bench\",\"object\":\"chat.completion.chunk\",\"created\":" + created
                + ",\"model\":\"" + name + "\",\"system_fingerprint\":\"fp_bench\",\"choices\":[{\"index\":0,\"delta\":";
        try (OutputStream body = exchange.getResponseBody()) {
            if (name.contains("-t")) {
                chunk(body, prefix, "{\"role\":\"assistant\",\"content\":null,\"tool_calls\":[{\"index\":0,\"id\":\"call_1\","
                        + "\"type\":\"function\",\"function\":{\"name\":\"read_file\",\"arguments\":\"\"}}]}", "null");
                for (String part : new String[] {"{\\\"pa", "th\\\":\\\"src/Ma", "in.java\\\"}"}) {
                    chunk(body, prefix, "{\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":\"" + part + "\"}}]}", "null");
                }
                chunk(body, prefix, "{}", "\"tool_calls\"");
            } else {
                chunk(body, prefix, "{\"role\":\"assistant\",\"content\":\"\"}", "null");
                for (int i = 0; i < 20; i++) {
                    chunk(body, prefix, "{\"content\":\"tok" + i + " \"}", "null");
                }
                chunk(body, prefix, "{}", "\"stop\"");
            }
            body.write("data: [DONE]\n\n".getBytes(StandardCharsets.UTF_8));
        }
    }

    private static void chunk(OutputStream body, String prefix, String delta, String finish) throws IOException {
        body.write((prefix + delta + ",\"logprobs\":null,\"finish_reason\":" + finish + "}]}\n\n").getBytes(StandardCharsets.UTF_8));
        body.flush();
    }

    private static String trainingConfig(int upstreamPort) {
        return """
                # written by AotTraining for one training run
                gateway:
                  routes:
                    reload-enabled: false
                  providers:
                    aot-fake:
                      kind: openai
                      base-url: http://127.0.0.1:%d/v1
                      api-key: sk-aot-upstream
                      timeout: 30s
                  models:
                    - {name: aot-chat, provider: aot-fake, model: fake-chat}
                    - {name: aot-stream, provider: aot-fake, model: fake-stream}
                    - {name: aot-tools, provider: aot-fake, model: fake-t-tools}
                """.formatted(upstreamPort);
    }

    /** A JSON string of about {@code tokens} tokens of source code (2.7 characters a token, as bench/common.sh). */
    private static String longPrompt(int tokens) {
        StringBuilder code = new StringBuilder("Review this file:\\n\\n");
        for (int i = 0; code.length() < tokens * 27 / 10; i++) {
            code.append("    if (items.get(").append(i).append(").name().equals(\\\"item-").append(i)
                    .append("\\\")) { log.info(\\\"found %s\\\", name); }\\n");
        }
        return "\"" + code + "\"";
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static String tail(Path log) throws IOException {
        List<String> lines = Files.readAllLines(log);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
    }

    private static void usage(String problem) {
        System.err.println("AotTraining: " + problem);
        System.err.println("usage: java AotTraining.java [--seconds 60] [--connections 8] CACHE-FILE -- java [JVM flags] -jar app.jar [args]");
        System.exit(2);
    }
}
