package io.llmgateway.support;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Reads a gateway event stream line by line as it arrives, noting when each data line came in. */
public final class SseClient implements AutoCloseable {

    public record Data(String data, long arrivedAtNanos) {
    }

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    public final HttpResponse<InputStream> response;
    private final BufferedReader reader;

    private SseClient(HttpResponse<InputStream> response) {
        this.response = response;
        this.reader = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8));
    }

    public static SseClient post(String url, String body, Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
        headers.forEach(request::header);
        try {
            return new SseClient(HTTP.send(request.build(), HttpResponse.BodyHandlers.ofInputStream()));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The next {@code data:} payload, or null at the end of the body. */
    public Data next() throws IOException {
        String line;
        while ((line = reader.readLine()) != null) {
            if (line.startsWith("data: ")) {
                return new Data(line.substring(6), System.nanoTime());
            }
        }
        return null;
    }

    /** Every remaining data payload until the body ends. */
    public List<String> rest() throws IOException {
        List<String> all = new ArrayList<>();
        for (Data data = next(); data != null; data = next()) {
            all.add(data.data());
        }
        return all;
    }

    /**
     * A caller that goes away mid-stream: POSTs on a raw socket, reads this many data events and
     * closes the socket. Returns System.nanoTime() at the hang-up.
     */
    public static long readEventsThenHangUp(int port, String path, String body, int events) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            OutputStream out = socket.getOutputStream();
            out.write(("POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                    + "Content-Length: " + bytes.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(bytes);
            out.flush();
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
            int seen = 0;
            for (String line = in.readLine(); line != null && seen < events; line = in.readLine()) {
                if (line.startsWith("data: ")) {
                    seen++;
                }
            }
            if (seen < events) {
                throw new IOException("the stream ended after " + seen + " of " + events + " events");
            }
        }
        return System.nanoTime();
    }

    /** Every line of the body, for formats with event: lines. */
    public List<String> lines() throws IOException {
        return reader.lines().toList();
    }

    @Override
    public void close() throws IOException {
        reader.close();
    }
}
