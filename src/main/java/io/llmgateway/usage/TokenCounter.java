package io.llmgateway.usage;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingRegistry;
import com.knuddels.jtokkit.api.EncodingType;
import io.llmgateway.chat.ChatMessage;
import io.llmgateway.chat.ChatRequest;
import io.llmgateway.chat.ChatResponse;
import io.llmgateway.chat.ToolCall;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.Comparator;
import java.util.Map;
import org.apache.camel.Exchange;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Counts tokens with jtokkit for answers that carry no usage of their own and for checks before a
 * call. The encoding follows the upstream model: a configured prefix first (gateway.usage.encodings),
 * then jtokkit's own model table, then gateway.usage.encoding (o200k_base by default). For
 * non-OpenAI models the count is an estimate, which is why such usage is marked estimated.
 */
@Component
public class TokenCounter {

    /** OpenAI's documented per-message framing overhead for chat models. */
    private static final int TOKENS_PER_MESSAGE = 3;
    private static final int TOKENS_PER_REPLY = 3;

    private final EncodingRegistry registry = Encodings.newLazyEncodingRegistry();
    private final EncodingType fallback;
    private final Map<String, EncodingType> byPrefix = new java.util.LinkedHashMap<>();
    /** Bounded: a listed model's name (ollama/<any>) comes from the caller. */
    private final Cache<String, Encoding> byModel = Caffeine.newBuilder().maximumSize(1_000).build();
    private final Map<EncodingType, Encoding> loaded = new java.util.EnumMap<>(EncodingType.class);
    private volatile Encoding fallbackEncoding;
    /** What counting costs, in the unit it grows with: a 100k-token prompt is ~300k chars and ~30 ms of CPU. */
    private final Counter charsCounted;

    public TokenCounter(UsageProperties properties) {
        this(properties, new SimpleMeterRegistry());
    }

    @Autowired
    public TokenCounter(UsageProperties properties, MeterRegistry registry) {
        this.charsCounted = Counter.builder("gateway.tokenizer.chars")
                .description("Characters counted with jtokkit (prompt estimates for routing, context windows, key limits, usage)")
                .register(registry);
        this.fallback = type(properties.getEncoding());
        properties.getEncodings().entrySet().stream()
                .sorted(Comparator.comparingInt((Map.Entry<String, String> e) -> e.getKey().length()).reversed())
                .forEach(e -> byPrefix.put(e.getKey(), type(e.getValue())));
        // Reading an encoding's ranks takes most of a second: off the start-up path, done before most first requests.
        Thread.ofPlatform().daemon().name("token-encodings-preload").start(() -> {
            load(fallback);
            byPrefix.values().forEach(this::load);
        });
    }

    /** Names are checked at start-up, so a typo fails the start, not a request. */
    private static EncodingType type(String name) {
        return EncodingType.fromName(name.toLowerCase(java.util.Locale.ROOT))
                .orElseThrow(() -> new IllegalStateException("Unknown token encoding '" + name
                        + "' in gateway.usage; use one of cl100k_base, o200k_base, p50k_base, p50k_edit, r50k_base"));
    }

    private synchronized Encoding forModel(String model) {
        return registry.getEncodingForModel(model).orElseGet(() -> load(fallback));
    }

    private synchronized Encoding load(EncodingType type) {
        return loaded.computeIfAbsent(type, registry::getEncoding);
    }

    /** The encoding for an upstream model name (null: the default). */
    public Encoding encodingFor(String model) {
        if (model == null) {
            Encoding e = fallbackEncoding;
            return e != null ? e : (fallbackEncoding = load(fallback));
        }
        return byModel.get(model, m -> {
            for (Map.Entry<String, EncodingType> e : byPrefix.entrySet()) {
                if (m.startsWith(e.getKey())) {
                    return load(e.getValue());
                }
            }
            return forModel(m);
        });
    }

    public int count(String text) {
        return count(text, null);
    }

    public int count(String text, String model) {
        return text == null || text.isEmpty() ? 0 : count(encodingFor(model), text);
    }

    private int count(Encoding encoding, String text) {
        charsCounted.increment(text.length());
        return encoding.countTokensOrdinary(text);
    }

    /** The input tokens of an embeddings request: texts counted, token-id arrays by their length. */
    public long countInputs(io.llmgateway.embeddings.EmbeddingRequest request, String model) {
        long tokens = 0;
        for (com.fasterxml.jackson.databind.JsonNode input : request.inputs()) {
            tokens += input.isTextual() ? count(input.asText(), model) : input.size();
        }
        return tokens;
    }

    public int countPrompt(ChatRequest request) {
        return countPrompt(request, null);
    }

    public int countPrompt(ChatRequest request, String model) {
        return countPrompt(request, model, null);
    }

    /**
     * The prompt tokens of a request in a pipeline: each of its long texts is counted once per
     * request, however many steps ask (see {@link PromptCounts}).
     */
    public int countPrompt(Exchange exchange, ChatRequest request, String model) {
        return countPrompt(request, model, PromptCounts.of(exchange));
    }

    /** Prompt tokens as OpenAI counts chat messages: framing per message plus role, name and text. */
    private int countPrompt(ChatRequest request, String model, PromptCounts known) {
        Encoding encoding = encodingFor(model);
        int tokens = TOKENS_PER_REPLY;
        for (ChatMessage message : request.messages) {
            tokens += TOKENS_PER_MESSAGE + count(encoding, null, message.role, null) + count(encoding, null, message.name, null)
                    + count(encoding, message.content, message.text(), known) + countToolCalls(message, encoding, known);
        }
        return tokens;
    }

    private int count(Encoding encoding, Object source, String text, PromptCounts known) {
        if (text == null || text.isEmpty()) {
            return 0;
        }
        return known == null ? count(encoding, text) : known.count(encoding.getName(), source, text, t -> count(encoding, t));
    }

    /** Completion tokens of an answer: the text and tool calls of every choice. */
    public int countCompletion(ChatResponse response, String model) {
        Encoding encoding = encodingFor(model);
        int tokens = 0;
        for (ChatResponse.Choice choice : response.choices) {
            if (choice.message != null) {
                tokens += count(encoding, null, choice.message.text(), null) + countToolCalls(choice.message, encoding, null);
            }
        }
        return tokens;
    }

    private int countToolCalls(ChatMessage message, Encoding encoding, PromptCounts known) {
        int tokens = 0;
        if (message.toolCalls != null) {
            for (ToolCall call : message.toolCalls) {
                if (call.function != null) {
                    tokens += count(encoding, null, call.function.name, null)
                            + count(encoding, call.function.arguments, call.function.arguments, known);
                }
            }
        }
        return tokens;
    }
}
