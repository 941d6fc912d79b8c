package io.llmgateway.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * HTTP/1.1 over a plain socket, for requests no ordinary client sends: a body written by a
 * generator while the answer is read (so an early answer is seen, as a real client would), or a
 * Content-Length the body never reaches. Reads one answer (Content-Length or chunked).
 */
public final class RawHttp {

    /** Writes (part of) a request body; called on its own thread, may fail once the server hangs up. */
    public interface Body {
        void write(OutputStream out, AtomicLong sent) throws IOException;
    }

    public record Answer(int status, Map<String, String> headers, String body, long millis, long bytesSent) {
    }

    private RawHttp() {
    }

    /** Sends the head, then the body on another thread, and reads the answer on this one. */
    public static Answer exchange(int port, String head, Body body) throws IOException, InterruptedException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(30_000);
            long started = System.nanoTime();
            OutputStream out = socket.getOutputStream();
            out.write(head.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            AtomicLong sent = new AtomicLong();
            Thread writer = Thread.ofPlatform().daemon().start(() -> {
                try {
                    body.write(out, sent);
                    out.flush();
                } catch (IOException e) {
                    // the server answered and hung up: what a client sees when its upload is refused
                }
            });
            Answer answer = read(socket.getInputStream(), started, sent);
            socket.close(); // stops the writer if it is still going
            writer.join(10_000);
            return new Answer(answer.status(), answer.headers(), answer.body(), answer.millis(), sent.get());
        }
    }

    /** A chunked body of {@code total} bytes from a 64 KB buffer, written over and over: nothing is allocated per byte. */
    public static Body chunked(byte[] prefix, long total) {
        return (out, sent) -> {
            byte[] block = new byte[64 * 1024];
            java.util.Arrays.fill(block, (byte) 'x');
            writeChunk(out, prefix, prefix.length, sent);
            long left = total - prefix.length;
            while (left > 0) {
                int n = (int) Math.min(block.length, left);
                writeChunk(out, block, n, sent);
                left -= n;
            }
            out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        };
    }

    private static void writeChunk(OutputStream out, byte[] data, int length, AtomicLong sent) throws IOException {
        out.write((Integer.toHexString(length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.write(data, 0, length);
        out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
        sent.addAndGet(length);
    }

    private static Answer read(InputStream in, long started, AtomicLong sent) throws IOException {
        String status = line(in);
        Map<String, String> headers = new LinkedHashMap<>();
        for (String line = line(in); !line.isEmpty(); line = line(in)) {
            int colon = line.indexOf(':');
            headers.put(line.substring(0, colon).trim().toLowerCase(Locale.ROOT), line.substring(colon + 1).trim());
        }
        byte[] body;
        if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            for (int size = Integer.parseInt(line(in).trim(), 16); size > 0; size = Integer.parseInt(line(in).trim(), 16)) {
                all.write(in.readNBytes(size));
                line(in);
            }
            body = all.toByteArray();
        } else {
            body = in.readNBytes(Integer.parseInt(headers.getOrDefault("content-length", "0")));
        }
        long millis = (System.nanoTime() - started) / 1_000_000;
        return new Answer(Integer.parseInt(status.split(" ")[1]), headers,
                new String(body, StandardCharsets.UTF_8), millis, sent.get());
    }

    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) >= 0 && b != '\n') {
            if (b != '\r') {
                line.write(b);
            }
        }
        if (b < 0 && line.size() == 0) {
            throw new IOException("The server closed the connection without an answer");
        }
        return line.toString(StandardCharsets.ISO_8859_1);
    }
}
