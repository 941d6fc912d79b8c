package io.llmgateway.cache;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import io.llmgateway.chat.ChatRequest;
import io.llmgateway.chat.Json;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Set;
import org.springframework.stereotype.Component;

/**
 * The cache key of a request: SHA-256 over the tenant, the model alias and a canonical form of the
 * parsed request. Canonical means sorted keys, no whitespace, numbers written one way (0, 0.0 and
 * 0e0 agree), null fields dropped, and the fields that do not change the answer left out.
 * Everything else counts, including fields the gateway does not model (logit_bias, n, ...).
 * The request is serialised once, straight into the digest (a cache hit's biggest cost otherwise).
 */
@Component("cacheKeys")
public class CacheKeys {

    /** Fields that never change the answer: who asked, tracing, and how the answer is delivered. */
    static final Set<String> IGNORED = Set.of("user", "metadata", "stream", "stream_options", "request_id");

    /** Unmodelled fields (a map) and JSON-valued fields (nodes) in key order; modelled fields keep the class's order. */
    private static final ObjectWriter CANONICAL = Json.MAPPER.writer()
            .with(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .with(JsonNodeFeature.WRITE_PROPERTIES_SORTED);

    public String key(String tenant, String alias, ChatRequest request) {
        MessageDigest digest = sha256();
        // length-prefixed, so no tenant/alias pair can spell another pair
        field(digest, tenant);
        field(digest, alias);
        try (JsonGenerator json = new CanonicalJsonGenerator(
                Json.MAPPER.getFactory().createGenerator(new DigestSink(digest)), IGNORED)) {
            CANONICAL.writeValue(json, request);
        } catch (IOException e) {
            throw new UncheckedIOException("The request could not be written for its cache key", e);
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    private static void field(MessageDigest digest, String value) {
        byte[] bytes = (value == null ? "" : value).getBytes(StandardCharsets.UTF_8);
        digest.update((byte) (bytes.length >>> 24));
        digest.update((byte) (bytes.length >>> 16));
        digest.update((byte) (bytes.length >>> 8));
        digest.update((byte) bytes.length);
        digest.update(bytes);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    /** The generator's output goes into the digest, never into a String or a byte array. */
    private static final class DigestSink extends OutputStream {
        private final MessageDigest digest;

        DigestSink(MessageDigest digest) {
            this.digest = digest;
        }

        @Override
        public void write(int b) {
            digest.update((byte) b);
        }

        @Override
        public void write(byte[] bytes, int offset, int length) {
            digest.update(bytes, offset, length);
        }
    }
}
