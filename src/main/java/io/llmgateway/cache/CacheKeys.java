package io.llmgateway.cache;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.llmgateway.chat.ChatRequest;
import io.llmgateway.chat.Json;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import org.springframework.stereotype.Component;

/**
 * The cache key of a request: SHA-256 over a canonical form of the parsed request plus the tenant
 * and the model alias. Canonical means sorted keys, no whitespace, numbers written one way
 * (0, 0.0 and 0e0 agree), null fields dropped, and the fields that do not change the answer left out.
 * Everything else counts, including fields the gateway does not model (logit_bias, n, ...).
 */
@Component("cacheKeys")
public class CacheKeys {

    /** Fields that never change the answer: who asked, tracing, and how the answer is delivered. */
    static final Set<String> IGNORED = Set.of("user", "metadata", "stream", "stream_options", "request_id");

    public String key(String tenant, String alias, ChatRequest request) {
        ObjectNode tree = Json.MAPPER.valueToTree(request);
        tree.remove(IGNORED);
        StringBuilder canonical = new StringBuilder(512);
        canonical.append("{\"alias\":");
        string(canonical, alias == null ? "" : alias);
        canonical.append(",\"request\":");
        write(canonical, tree);
        canonical.append(",\"tenant\":");
        string(canonical, tenant == null ? "" : tenant);
        canonical.append('}');
        return HexFormat.of().formatHex(sha256(canonical.toString()));
    }

    static void write(StringBuilder out, JsonNode node) {
        if (node.isObject()) {
            List<String> names = new ArrayList<>();
            for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
                String name = it.next();
                if (!node.get(name).isNull()) {
                    names.add(name);
                }
            }
            names.sort(null);
            out.append('{');
            for (int i = 0; i < names.size(); i++) {
                if (i > 0) {
                    out.append(',');
                }
                string(out, names.get(i));
                out.append(':');
                write(out, node.get(names.get(i)));
            }
            out.append('}');
        } else if (node.isArray()) {
            out.append('[');
            for (int i = 0; i < node.size(); i++) {
                if (i > 0) {
                    out.append(',');
                }
                write(out, node.get(i));
            }
            out.append(']');
        } else if (node.isNumber()) {
            out.append(node.decimalValue().stripTrailingZeros().toPlainString());
        } else if (node.isTextual()) {
            string(out, node.textValue());
        } else {
            out.append(node); // true, false, null
        }
    }

    private static void string(StringBuilder out, String text) {
        out.append(TextNode.valueOf(text)); // JSON-quoted and escaped
    }

    static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
