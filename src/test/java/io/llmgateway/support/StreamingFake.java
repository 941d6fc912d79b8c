package io.llmgateway.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.LinkedBlockingDeque;

/**
 * A vendor's streaming endpoint on a real socket: HTTP/1.1 with chunked transfer encoding written
 * by hand, so a test controls every byte and every pause: send an SSE frame, wait, cut the
 * connection without the closing chunk, or go silent. It records when each frame left and when
 * the gateway closed the connection (a cancelled stream).
 */
public class StreamingFake implements AutoCloseable {

    /** One step of a scripted answer. */
    public sealed interface Step permits Send, SendBytes, Pause, Cut {
    }

    /** Writes these bytes as one HTTP chunk and flushes. */
    public record Send(String bytes) implements Step {
    }

    /** As {@link Send}, for binary framings (AWS event-stream). */
    public record SendBytes(byte[] bytes) implements Step {
    }

    public record Pause(Duration duration) implements Step {
    }

    /** Drops the connection without the terminating chunk: a stream cut mid-way. */
    public record Cut() implements Step {
    }

    public record Script(int status, String contentType, List<Step> steps, Map<String, String> headers) {
        public Script(int status, String contentType, List<Step> steps) {
            this(status, contentType, steps, Map.of());
        }

        /** The same answer with one more response header (e.g. x-amzn-ErrorType). */
        public Script withHeader(String name, String value) {
            Map<String, String> more = new LinkedHashMap<>(headers);
            more.put(name, value);
            return new Script(status, contentType, steps, more);
        }

        public static Script sse(Step... steps) {
            return new Script(200, "text/event-stream; charset=utf-8", List.of(steps));
        }

        public static Script json(int status, String body) {
            return new Script(status, "application/json", List.of(new Send(body)));
        }
    }

    public static Send data(String json) {
        return new Send("data: " + json + "\n\n");
    }

    public static Send done() {
        return new Send("data: [DONE]\n\n");
    }

    public static Pause pause(long millis) {
        return new Pause(Duration.ofMillis(millis));
    }

    /** One request the fake answered: what came in, when each frame went out, when the gateway hung up. */
    public static final class Call {
        public final String requestLine;
        public final Map<String, String> headers;
        public final String body;
        public final List<Long> sentAtNanos = Collections.synchronizedList(new ArrayList<>());
        /** Completes with System.nanoTime() when the gateway closed the connection before the fake finished. */
        public final CompletableFuture<Long> closedByGateway = new CompletableFuture<>();
        public volatile boolean finished;

        Call(String requestLine, Map<String, String> headers, String body) {
            this.requestLine = requestLine;
            this.headers = headers;
            this.body = body;
        }
    }

    private final ServerSocket server;
    private final LinkedBlockingDeque<Script> scripts = new LinkedBlockingDeque<>();
    private final ConcurrentLinkedQueue<Call> calls = new ConcurrentLinkedQueue<>();

    public StreamingFake() {
        try {
            server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        Thread.ofVirtual().name("streaming-fake-accept").start(this::acceptLoop);
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + server.getLocalPort();
    }

    public StreamingFake enqueue(Script script) {
        scripts.add(script);
        return this;
    }

    public List<Call> calls() {
        return List.copyOf(calls);
    }

    public Call last() {
        List<Call> all = calls();
        return all.isEmpty() ? null : all.get(all.size() - 1);
    }

    public void reset() {
        scripts.clear();
        calls.clear();
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket socket = server.accept();
                Thread.ofVirtual().name("streaming-fake-conn").start(() -> serve(socket));
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Socket socket) {
        try (socket) {
            InputStream in = socket.getInputStream();
            String requestLine = line(in);
            Map<String, String> headers = new LinkedHashMap<>();
            for (String header = line(in); header != null && !header.isEmpty(); header = line(in)) {
                int colon = header.indexOf(':');
                headers.put(header.substring(0, colon).trim().toLowerCase(Locale.ROOT), header.substring(colon + 1).trim());
            }
            int length = Integer.parseInt(headers.getOrDefault("content-length", "0"));
            String body = new String(in.readNBytes(length), StandardCharsets.UTF_8);
            Call call = new Call(requestLine, headers, body);
            calls.add(call);
            Script script = scripts.poll();
            if (script == null) {
                script = Script.json(500, "{\"error\":{\"message\":\"no script queued\",\"type\":\"server_error\"}}");
            }
            // After the request, the gateway sends nothing more: a read returning -1 means it hung up.
            Thread.ofVirtual().start(() -> watchForHangUp(in, call));
            answer(socket.getOutputStream(), script, call);
        } catch (IOException e) {
            // the gateway went away mid-answer; watchForHangUp has recorded it
        }
    }

    private static void answer(OutputStream out, Script script, Call call) throws IOException {
        StringBuilder head = new StringBuilder("HTTP/1.1 " + script.status() + " Scripted\r\nContent-Type: " + script.contentType()
                + "\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n");
        script.headers().forEach((name, value) -> head.append(name).append(": ").append(value).append("\r\n"));
        out.write(head.append("\r\n").toString().getBytes(StandardCharsets.US_ASCII));
        out.flush();
        for (Step step : script.steps()) {
            switch (step) {
                case Send send -> chunk(out, send.bytes().getBytes(StandardCharsets.UTF_8), call);
                case SendBytes send -> chunk(out, send.bytes(), call);
                case Pause pause -> {
                    if (call.closedByGateway.isDone()) {
                        return;
                    }
                    sleep(pause.duration());
                }
                case Cut cut -> {
                    call.finished = true;
                    return; // closing the socket now leaves the chunked body unterminated
                }
            }
        }
        out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        out.flush();
        call.finished = true;
    }

    private static void chunk(OutputStream out, byte[] bytes, Call call) throws IOException {
        // stamped before the write: stamped after it, the gateway could forward the frame and a test
        // read its arrival before the stamp existed
        call.sentAtNanos.add(System.nanoTime());
        out.write((Integer.toHexString(bytes.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.write(bytes);
        out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    private static void watchForHangUp(InputStream in, Call call) {
        try {
            while (in.read() >= 0) {
                // nothing expected
            }
        } catch (IOException ignored) {
            // reset by peer or our own close
        }
        if (!call.finished) {
            call.closedByGateway.complete(System.nanoTime());
        }
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) >= 0) {
            if (b == '\n') {
                break;
            }
            if (b != '\r') {
                line.write(b);
            }
        }
        return b < 0 && line.size() == 0 ? null : line.toString(StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        try {
            server.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }
}
