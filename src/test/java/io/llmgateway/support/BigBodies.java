package io.llmgateway.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.zip.GZIPOutputStream;

/** Bodies too large for the gateway (gateway.max-body-size is 64 KB in the tests), sent over a raw socket. */
public final class BigBodies {

    public static final long MB = 1024 * 1024;
    public static final byte[] CHAT_PREFIX =
            "{\"model\":\"mock-gpt\",\"messages\":[{\"role\":\"user\",\"content\":\"".getBytes(StandardCharsets.UTF_8);

    private BigBodies() {
    }

    /** A POST's head; extra headers each end with CRLF except the last. */
    public static String head(String path, String headers) {
        return "POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                + headers + "\r\n\r\n";
    }

    /** 200 MB of a chat body, chunked, generated as it is sent. */
    public static RawHttp.Answer chunked200Mb(int port, String extraHeaders) throws Exception {
        return RawHttp.exchange(port, head("/v1/chat/completions", extraHeaders + "Transfer-Encoding: chunked"),
                RawHttp.chunked(CHAT_PREFIX, 200 * MB));
    }

    /** A 2 GB Content-Length with only the body's first bytes sent. */
    public static RawHttp.Answer declared2Gb(int port, String extraHeaders) throws Exception {
        return RawHttp.exchange(port, head("/v1/chat/completions", extraHeaders + "Content-Length: " + (2L * 1024 * MB)),
                (out, sent) -> {
                    out.write(CHAT_PREFIX);
                    sent.addAndGet(CHAT_PREFIX.length);
                    out.flush();
                });
    }

    /** 10 MB of a chat body gzipped into a few KB: under the limit on the wire, far over it inflated. */
    public static RawHttp.Answer gzipBomb(int port, String extraHeaders) throws Exception {
        byte[] bomb = gzip(CHAT_PREFIX, 10 * MB);
        assertThat(bomb.length).isLessThan(64 * 1024);
        return RawHttp.exchange(port, head("/v1/chat/completions",
                extraHeaders + "Content-Encoding: gzip\r\nContent-Length: " + bomb.length), (out, sent) -> {
                    out.write(bomb);
                    sent.addAndGet(bomb.length);
                });
    }

    public interface Call {
        RawHttp.Answer run() throws Exception;
    }

    /** The answer and what the heap did meanwhile: its old generation's peak, and what stayed after a GC. */
    public record Measured(RawHttp.Answer answer, long retained, long oldPeakGrowth) {
        public void assertSmall() {
            System.out.printf("big body: %d ms to %d, %d KB sent, heap retained %+d KB, old gen peak %+d KB%n",
                    answer.millis(), answer.status(), answer.bytesSent() / 1024, retained / 1024, oldPeakGrowth / 1024);
            assertThat(answer.millis()).as("ms to the answer").isLessThan(1000);
            assertThat(oldPeakGrowth).as("old generation peak growth").isLessThan(8 * MB);
            assertThat(retained).as("heap retained after GC").isLessThan(8 * MB);
        }
    }

    public static Measured measure(Call call) throws Exception {
        long before = Heap.usedAfterGc();
        long oldBefore = Heap.resetOldPeak();
        RawHttp.Answer answer = call.run();
        long oldPeak = Heap.oldPeak();
        long after = Heap.usedAfterGc();
        return new Measured(answer, after - before, oldPeak - oldBefore);
    }

    public static byte[] gzip(byte[] prefix, long total) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(bytes)) {
            gz.write(prefix);
            byte[] zeros = new byte[64 * 1024];
            for (long left = total; left > 0; left -= zeros.length) {
                gz.write(zeros, 0, (int) Math.min(zeros.length, left));
            }
        }
        return bytes.toByteArray();
    }
}
