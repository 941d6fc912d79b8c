package io.llmgateway.usage;

import io.llmgateway.core.ExchangeProperties;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.function.ToIntFunction;
import org.apache.camel.Exchange;

/**
 * The token counts one request has already paid for, kept on its exchange (one property). Routing,
 * the capability check, the key's token limit and budget, and the usage estimate each ask for the
 * prompt's tokens, and one jtokkit pass over a 100k-token prompt costs about 30 ms of CPU. A text is
 * known by its own object (identity) and the encoding: a text a step replaces (the alias's system
 * prompt) is counted afresh, an unchanged one never twice. Texts shorter than
 * {@value #KEEP_FROM_CHARS} chars are not kept: counting them costs less than keeping them.
 */
public final class PromptCounts {

    static final int KEEP_FROM_CHARS = 1_024;

    /** Encoding name -> text object -> tokens. Streams end on another thread, hence synchronized. */
    private final Map<String, Map<Object, Integer>> byEncoding = new HashMap<>(2);

    /** This exchange's counts, made on first use (the exchange's copies share them). */
    public static PromptCounts of(Exchange exchange) {
        PromptCounts counts = exchange.getProperty(ExchangeProperties.PROMPT_COUNTS, PromptCounts.class);
        if (counts == null) {
            counts = new PromptCounts();
            exchange.setProperty(ExchangeProperties.PROMPT_COUNTS, counts);
        }
        return counts;
    }

    synchronized int count(String encoding, Object source, String text, ToIntFunction<String> counter) {
        if (text.length() < KEEP_FROM_CHARS) {
            return counter.applyAsInt(text);
        }
        return byEncoding.computeIfAbsent(encoding, e -> new IdentityHashMap<>())
                .computeIfAbsent(source, s -> counter.applyAsInt(text));
    }
}
