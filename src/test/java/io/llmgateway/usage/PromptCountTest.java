package io.llmgateway.usage;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.llmgateway.chat.ChatMessage;
import io.llmgateway.chat.ChatRequest;
import io.llmgateway.chat.Json;
import io.llmgateway.support.GatewayKeysTestSupport;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * A long prompt is tokenized once per request: routing (a model has a context window), the
 * capability check, the key's tokens per minute and its budget each need its token count, and one
 * jtokkit pass over a 100k-token prompt costs ~30 ms of CPU. Proven by the characters the counter
 * reads (gateway.tokenizer.chars), not by time.
 */
class PromptCountTest extends GatewayKeysTestSupport {

    /** Code as agents paste it: ~50k chars, ~15k tokens, well inside the model's 128k window. */
    private static final String FILE = "def add_one(x):\n    return x + 1\n\n".repeat(1_500);

    @Autowired
    private MeterRegistry meters;

    @Test
    void aLongPromptIsTokenizedOncePerRequest() {
        ObjectNode body = Json.MAPPER.createObjectNode().put("model", "windowed-gpt");
        body.putArray("messages").addObject().put("role", "user").put("content", FILE);
        double before = charsCounted();

        HttpResponse<String> response = post("/v1/chat/completions", body.toString(), bearer(LONG_PROMPT_KEY));

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        // the file once, plus the role's few chars at each step that counts
        assertThat(charsCounted() - before).isGreaterThanOrEqualTo(FILE.length()).isLessThan(FILE.length() + 100);
    }

    @Test
    void aTextAStepReplacesIsCountedAfresh() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        TokenCounter tokens = new TokenCounter(new UsageProperties(), registry);
        Exchange exchange = new DefaultExchange(new DefaultCamelContext());
        ChatRequest request = new ChatRequest();
        request.messages = new ArrayList<>(List.of(new ChatMessage("user", FILE)));

        int first = tokens.countPrompt(exchange, request, null);
        assertThat(tokens.countPrompt(exchange, request, null)).isEqualTo(first);
        assertThat(tokens.countPrompt(exchange, request, "gpt-4o-mini")).isEqualTo(first); // the same encoding
        assertThat(registry.counter("gateway.tokenizer.chars").count()).isLessThan(FILE.length() + 100);

        // as the alias's system prompt does: new content on the same message, and a message added
        request.messages.get(0).content = TextNode.valueOf(FILE + FILE);
        request.messages.add(0, new ChatMessage("system", "Be brief."));
        int after = tokens.countPrompt(exchange, request, null);
        assertThat(after).isEqualTo(tokens.countPrompt(request, null)).isGreaterThan(first);
        // gpt-4 counts with another encoding: its own count, not o200k's
        assertThat(tokens.countPrompt(exchange, request, "gpt-4")).isEqualTo(tokens.countPrompt(request, "gpt-4"));
    }

    private double charsCounted() {
        return meters.counter("gateway.tokenizer.chars").count();
    }
}
