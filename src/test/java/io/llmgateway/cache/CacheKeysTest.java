package io.llmgateway.cache;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmgateway.chat.ChatRequest;
import io.llmgateway.chat.Json;
import org.junit.jupiter.api.Test;

/** The cache key: equal for requests that must get the same answer, different for everything else. */
class CacheKeysTest {

    private final CacheKeys keys = new CacheKeys();

    private String key(String tenant, String json) {
        try {
            ChatRequest request = Json.MAPPER.readValue(json, ChatRequest.class);
            return keys.key(tenant, request.model, request);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static final String BASE = """
            {"model":"m","messages":[{"role":"user","content":"hi"}],"temperature":0,"seed":1,
             "response_format":{"type":"json_schema","json_schema":{"name":"a","schema":{"type":"object","properties":{"x":{"type":"number"}}}}},
             "logit_bias":{"50256":-100}}""";

    @Test
    void keyOrderWhitespaceNumberSpellingAndCallerOnlyFieldsDoNotMatter() {
        String same = """
                { "logit_bias" : {"50256": -100.0},
                  "response_format": {"json_schema": {"schema": {"properties": {"x": {"type": "number"}}, "type": "object"}, "name": "a"}, "type": "json_schema"},
                  "seed": 1, "temperature": 0.0, "user": "u-9", "metadata": {"a": "b"}, "stream": false,
                  "stream_options": {"include_usage": true}, "tool_choice": null, "request_id": "r-1", "n": null,
                  "messages": [{"content": "hi", "role": "user"}], "model": "m" }""";
        assertThat(key("t", same)).isEqualTo(key("t", BASE)).hasSize(64).matches("[0-9a-f]{64}");
    }

    @Test
    void everythingThatChangesTheAnswerChangesTheKey() {
        String base = key("t", BASE);
        assertThat(key("t", BASE.replace("\"temperature\":0", "\"temperature\":0.1"))).isNotEqualTo(base);
        assertThat(key("t", BASE.replace("\"seed\":1", "\"seed\":2"))).isNotEqualTo(base);
        assertThat(key("t", BASE.replace("\"hi\"", "\"hi \""))).isNotEqualTo(base);
        assertThat(key("t", BASE.replace("-100", "-99"))).isNotEqualTo(base);
        assertThat(key("t", BASE.replace("\"number\"", "\"string\""))).isNotEqualTo(base);
        assertThat(key("t", BASE.replace("\"temperature\":0", "\"temperature\":0,\"max_tokens\":5"))).isNotEqualTo(base);
        assertThat(key("t", BASE.replace("\"model\":\"m\"", "\"model\":\"other\""))).isNotEqualTo(base);
        assertThat(key("other-tenant", BASE)).isNotEqualTo(base);
        // only the top-level caller fields are left out: a schema property called "user" counts
        String schemaUser = BASE.replace("\"x\":{\"type\":\"number\"}", "\"x\":{\"type\":\"number\"},\"user\":{\"type\":\"string\"}");
        assertThat(key("t", schemaUser)).isNotEqualTo(base);
        assertThat(key("t", BASE.replace("\"seed\":1", "\"seed\":1,\"stop\":[null]"))).isNotEqualTo(base);
        // the message order is the conversation: it counts
        String two = """
                {"model":"m","messages":[{"role":"user","content":"a"},{"role":"user","content":"b"}]}""";
        assertThat(key("t", two)).isNotEqualTo(key("t", two.replace("\"a\"", "\"x\"").replace("\"b\"", "\"a\"").replace("\"x\"", "\"b\"")));
    }

    @Test
    void cacheControlDirectivesAreReadCaseInsensitivelyAmongOthers() {
        assertThat(CacheDirectives.parse("max-age=0, No-Cache", null)).isEqualTo(new CacheDirectives.Directives(true, false, false));
        assertThat(CacheDirectives.parse("no-store", "TRUE")).isEqualTo(new CacheDirectives.Directives(false, true, true));
        assertThat(CacheDirectives.parse(null, "yes please")).isEqualTo(CacheDirectives.Directives.NONE);
    }
}
