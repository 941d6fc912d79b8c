package io.llmgateway.http;

import static io.llmgateway.support.BigBodies.CHAT_PREFIX;
import static io.llmgateway.support.BigBodies.MB;
import static io.llmgateway.support.BigBodies.head;
import static io.llmgateway.support.BigBodies.measure;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmgateway.support.BigBodies;
import io.llmgateway.support.BigBodies.Measured;
import io.llmgateway.support.GatewayTestSupport;
import io.llmgateway.support.RawHttp;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * gateway.max-body-size (64 KB in the tests) holds on the stream, before anything buffers the
 * body: huge, endless and compressed bodies are refused within a second and the heap never
 * holds them.
 */
class BodyLimitsTest extends GatewayTestSupport {


    /** The first refusal after the start loads classes (filter, JSON writer): the bound is about the limit, not that. */
    @BeforeEach
    void warmUp() throws Exception {
        RawHttp.exchange(port, head("/v1/chat/completions", "Transfer-Encoding: chunked"), RawHttp.chunked(CHAT_PREFIX, 128 * 1024));
    }

    @Test
    void twoHundredMegabyteChunkedBodyIs413WithoutBeingRead() throws Exception {
        Measured m = measure(() -> BigBodies.chunked200Mb(port, ""));

        assertTooLarge(m.answer());
        // the server stopped reading: the client got the answer long before it could send 200 MB
        assertThat(m.answer().bytesSent()).isLessThan(32 * MB);
        m.assertSmall();
    }

    @Test
    void chunkedBodyOnTheAnthropicDoorGetsAnthropicsShape() throws Exception {
        RawHttp.Answer answer = RawHttp.exchange(port, head("/v1/messages", "Transfer-Encoding: chunked"),
                RawHttp.chunked("{\"model\":\"mock-gpt\",\"max_tokens\":5,\"messages\":[".getBytes(StandardCharsets.UTF_8), 20 * MB));

        assertThat(answer.status()).isEqualTo(413);
        JsonNode body = json(answer.body());
        assertThat(body.path("type").asText()).isEqualTo("error");
        assertThat(body.path("error").path("type").asText()).isEqualTo("request_too_large");
        assertThat(body.path("error").path("message").asText()).contains("65536 bytes");
    }

    @Test
    void twoGigabyteContentLengthIs413BeforeAnyBodyIsRead() throws Exception {
        Measured m = measure(() -> BigBodies.declared2Gb(port, ""));

        assertTooLarge(m.answer());
        m.assertSmall();
    }

    @Test
    void gzipBombIs413WhileInflating() throws Exception {
        Measured m = measure(() -> BigBodies.gzipBomb(port, ""));

        assertTooLarge(m.answer());
        m.assertSmall();
    }

    @Test
    void gzipBodyWithinTheLimitIsInflatedAndServed() throws Exception {
        byte[] body = gzipText("{\"model\":\"mock-gpt\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");

        RawHttp.Answer answer = RawHttp.exchange(port, head("/v1/chat/completions",
                "Content-Encoding: gzip\r\nContent-Length: " + body.length), (out, sent) -> out.write(body));

        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        assertThat(json(answer.body()).path("object").asText()).isEqualTo("chat.completion");
    }

    /** The body is read once into one array (SameThreadPlatformHttp.BodyBytesBinding): whole, however it came. */
    @Test
    void longPromptJustUnderTheLimitArrivesWholeWithContentLengthChunkedOrGzip() throws Exception {
        String prompt = "word ".repeat(12_000);
        byte[] body = ("{\"model\":\"mock-gpt\",\"messages\":[{\"role\":\"user\",\"content\":\"" + prompt + "\"}]}")
                .getBytes(StandardCharsets.UTF_8);
        assertThat(body.length).isBetween(60_000, 65_536);
        byte[] gzipped = gzipText(new String(body, StandardCharsets.UTF_8));

        RawHttp.Answer declared = RawHttp.exchange(port, head("/v1/chat/completions", "Content-Length: " + body.length),
                (out, sent) -> out.write(body));
        RawHttp.Answer chunked = RawHttp.exchange(port, head("/v1/chat/completions", "Transfer-Encoding: chunked"),
                RawHttp.chunked(body, body.length));
        RawHttp.Answer gzip = RawHttp.exchange(port, head("/v1/chat/completions",
                "Content-Encoding: gzip\r\nContent-Length: " + gzipped.length), (out, sent) -> out.write(gzipped));

        for (RawHttp.Answer answer : new RawHttp.Answer[] {declared, chunked, gzip}) {
            assertThat(answer.status()).as(answer.body()).isEqualTo(200);
            // the mock counts the prompt it got: all 12,000 words, not a cut
            assertThat(json(answer.body()).path("usage").path("prompt_tokens").asInt()).isGreaterThanOrEqualTo(12_000);
        }
    }

    @Test
    void brokenGzipIs400AndUnknownCodingIs415() throws Exception {
        byte[] junk = "not gzip at all".getBytes(StandardCharsets.UTF_8);
        RawHttp.Answer broken = RawHttp.exchange(port, head("/v1/chat/completions",
                "Content-Encoding: gzip\r\nContent-Length: " + junk.length), (out, sent) -> out.write(junk));
        assertThat(broken.status()).isEqualTo(400);
        assertThat(json(broken.body()).path("error").path("code").asText()).isEqualTo("invalid_body");

        RawHttp.Answer brotli = RawHttp.exchange(port, head("/v1/chat/completions",
                "Content-Encoding: br\r\nContent-Length: " + junk.length), (out, sent) -> out.write(junk));
        assertThat(brotli.status()).isEqualTo(415);
        assertThat(json(brotli.body()).path("error").path("code").asText()).isEqualTo("unsupported_content_encoding");
    }

    private static void assertTooLarge(RawHttp.Answer answer) {
        assertThat(answer.status()).as(answer.body()).isEqualTo(413);
        JsonNode error = json(answer.body()).path("error");
        assertThat(error.path("code").asText()).isEqualTo("request_too_large");
        assertThat(error.path("type").asText()).isEqualTo("invalid_request_error");
        assertThat(error.path("message").asText()).isEqualTo("The request body is larger than the gateway's limit of 65536 bytes.");
    }

    private static byte[] gzipText(String text) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(bytes)) {
            gz.write(text.getBytes(StandardCharsets.UTF_8));
        }
        return bytes.toByteArray();
    }
}
