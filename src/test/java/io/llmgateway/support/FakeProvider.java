package io.llmgateway.support;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real HTTP server standing in for an LLM vendor. Tests queue the answers it gives (status,
 * headers, body, delay) in the vendor's wire format, and read back every request it received.
 */
public class FakeProvider implements AutoCloseable {

    /** One received request, as the vendor would have seen it. */
    public record Received(String method, String path, String query, Map<String, List<String>> headers, String body,
                           String rawPath) {
        public String header(String name) {
            for (Map.Entry<String, List<String>> e : headers.entrySet()) {
                if (e.getKey().equalsIgnoreCase(name)) {
                    return e.getValue().get(0);
                }
            }
            return null;
        }
    }

    /** One scripted answer. */
    public record Answer(int status, Map<String, String> headers, String body, Duration delay) {
        public static Answer json(int status, String body) {
            return new Answer(status, Map.of("Content-Type", "application/json"), body, Duration.ZERO);
        }

        public Answer after(Duration wait) {
            return new Answer(status, headers, body, wait);
        }

        public Answer withHeader(String name, String value) {
            Map<String, String> all = new java.util.LinkedHashMap<>(headers);
            all.put(name, value);
            return new Answer(status, all, body, delay);
        }
    }

    private final HttpServer server;
    private final ConcurrentLinkedQueue<Received> received = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<Long> arrivals = new ConcurrentLinkedQueue<>();
    private final LinkedBlockingDeque<Answer> script = new LinkedBlockingDeque<>();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger maxInFlight = new AtomicInteger();
    private volatile Answer fallback;
    private volatile java.util.function.Function<Received, Answer> responder;

    public FakeProvider(Answer fallback) {
        this.fallback = fallback;
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/", this::handle);
        server.start();
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** Answers the next request with this, then goes back to the default answer. */
    public FakeProvider enqueue(Answer answer) {
        script.add(answer);
        return this;
    }

    /** Answers computed from each request (for parallel calls, whose order is not known), after any queued answers. */
    public void respondWith(java.util.function.Function<Received, Answer> responder) {
        this.responder = responder;
    }

    public void setDefault(Answer answer) {
        this.fallback = answer;
    }

    public List<Received> received() {
        return List.copyOf(received);
    }

    public Received last() {
        List<Received> all = received();
        return all.isEmpty() ? null : all.get(all.size() - 1);
    }

    /** Requests being answered right now (a delayed answer may outlive the test that queued it). */
    public int inFlight() {
        return inFlight.get();
    }

    /** When each request arrived (System.nanoTime), in arrival order: proves waits between retries. */
    public List<Long> arrivalNanos() {
        return List.copyOf(arrivals);
    }

    public int maxInFlight() {
        return maxInFlight.get();
    }

    public void reset(Answer defaultAnswer) {
        received.clear();
        arrivals.clear();
        script.clear();
        maxInFlight.set(0);
        fallback = defaultAnswer;
        responder = null;
    }

    private void handle(HttpExchange exchange) throws IOException {
        arrivals.add(System.nanoTime());
        int now = inFlight.incrementAndGet();
        maxInFlight.accumulateAndGet(now, Math::max);
        try (exchange) {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            Received request = new Received(exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
                    exchange.getRequestURI().getRawQuery(), Map.copyOf(exchange.getRequestHeaders()), body,
                    exchange.getRequestURI().getRawPath());
            received.add(request);
            Answer answer = script.poll();
            java.util.function.Function<Received, Answer> compute = responder;
            if (answer == null) {
                answer = compute != null ? compute.apply(request) : fallback;
            }
            if (!answer.delay().isZero()) {
                Thread.sleep(answer.delay());
            }
            answer.headers().forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
            byte[] bytes = answer.body().getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(answer.status(), bytes.length == 0 ? -1 : bytes.length);
            if (bytes.length > 0) {
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(bytes);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            inFlight.decrementAndGet();
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
