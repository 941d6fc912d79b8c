package io.llmgateway.door;

import static io.llmgateway.support.BigBodies.measure;
import static org.assertj.core.api.Assertions.assertThat;

import io.llmgateway.support.BigBodies;
import io.llmgateway.support.BigBodies.Measured;
import io.llmgateway.support.GatewayKeysTestSupport;
import io.llmgateway.support.RawHttp;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * With keys configured, an attacker's huge body is refused by the key check before a byte of it is
 * read (401 within a second, the heap unmoved), and a caller with a good key gets 413 for the same bodies.
 */
class BigBodiesWithKeysTest extends GatewayKeysTestSupport {

    private static final String GOOD_KEY = "Authorization: Bearer " + HASHED_KEY + "\r\n";

    /** The first refusal after the start loads classes: the bound is about the body, not that. */
    @BeforeEach
    void warmUp() throws Exception {
        BigBodies.declared2Gb(port, "");
        BigBodies.declared2Gb(port, GOOD_KEY);
    }

    @Test
    void withoutAKeyTheBodyIsNeverRead() throws Exception {
        for (BigBodies.Call call : new BigBodies.Call[] {
                () -> BigBodies.chunked200Mb(port, ""),
                () -> BigBodies.declared2Gb(port, ""),
                () -> BigBodies.gzipBomb(port, "")}) {
            Measured m = measure(call);
            assertThat(m.answer().status()).as(m.answer().body()).isEqualTo(401);
            assertThat(json(m.answer().body()).at("/error/code").asText()).isEqualTo("missing_api_key");
            assertThat(m.answer().bytesSent()).as("bytes the client got to send").isLessThan(32 * BigBodies.MB);
            m.assertSmall();
        }
    }

    @Test
    void withAGoodKeyTheSameBodiesAre413() throws Exception {
        for (BigBodies.Call call : new BigBodies.Call[] {
                () -> BigBodies.chunked200Mb(port, GOOD_KEY),
                () -> BigBodies.declared2Gb(port, GOOD_KEY),
                () -> BigBodies.gzipBomb(port, GOOD_KEY)}) {
            Measured m = measure(call);
            RawHttp.Answer answer = m.answer();
            assertThat(answer.status()).as(answer.body()).isEqualTo(413);
            assertThat(json(answer.body()).at("/error/code").asText()).isEqualTo("request_too_large");
            m.assertSmall();
        }
    }
}
