package io.llmgateway.usage;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmgateway.catalog.ModelCatalog;
import io.llmgateway.chat.ChatRequest;
import io.llmgateway.chat.ChatResponse;
import io.llmgateway.chat.Usage;
import io.llmgateway.core.ExchangeProperties;
import io.llmgateway.core.GatewayProperties.Model;
import io.llmgateway.embeddings.EmbeddingRequest;
import io.llmgateway.embeddings.EmbeddingResponse;
import io.llmgateway.stream.ChatStream;
import java.math.BigDecimal;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The record-usage step after the provider call: the provider's reported usage, or a jtokkit
 * estimate when it reported none (marked estimated); the cost from the model's prices; then the
 * key's tokens-per-minute and budget are charged. A cache hit costs 0 and charges nothing. A
 * streamed answer is recorded the same way when its stream ends (see {@link #record}); an embeddings
 * answer by its input tokens.
 */
@Component("usageRecorder")
public class UsageRecorder {

    /**
     * Exchange property: the live {@link ChatStream} whose usage is recorded when it ends (absent for
     * whole answers). The request log waits for it too.
     */

    private static final Logger LOG = LoggerFactory.getLogger(UsageRecorder.class);

    private final ModelCatalog catalog;
    private final TokenCounter tokens;
    private final KeyCharges keyPolicy;

    public UsageRecorder(ModelCatalog catalog, TokenCounter tokens, KeyCharges keyPolicy) {
        this.catalog = catalog;
        this.tokens = tokens;
        this.keyPolicy = keyPolicy;
    }

    /**
     * Body in and out: the canonical response, or a live stream. A stream's usage is only known at
     * its end (the vendor's last event), so it is recorded, costed and charged then, not now.
     */
    public void record(Exchange exchange) {
        // instanceof, not getBody(ChatResponse.class): a streamed answer's body is a ChatStream, and asking
        // Camel to convert it searched the type converters on every stream before giving up (JFR: 4% of bytes)
        Object body = exchange.getIn().getBody();
        if (body instanceof ChatStream stream) {
            exchange.setProperty(ExchangeProperties.USAGE_PENDING_STREAM, stream);
            stream.onFinish(ended -> recordStreamed(exchange, ended));
            return;
        }
        String upstreamModel = exchange.getProperty(ExchangeProperties.UPSTREAM_MODEL, String.class);
        if (body instanceof EmbeddingResponse embeddings) {
            apply(exchange, embeddingUsage(embeddings, exchange.getProperty(ExchangeProperties.EMBEDDING_REQUEST, EmbeddingRequest.class),
                    upstreamModel));
            return;
        }
        ChatResponse response = body instanceof ChatResponse whole ? whole : null;
        apply(exchange, usageOf(exchange, response, upstreamModel));
    }

    /**
     * At the stream's end (completed, failed or cancelled): the vendor's final usage, else an
     * estimate of the prompt and of what was streamed so far. Runs on the thread that ended the
     * stream, so it never throws into it.
     */
    private void recordStreamed(Exchange exchange, ChatStream stream) {
        try {
            String upstreamModel = exchange.getProperty(ExchangeProperties.UPSTREAM_MODEL, String.class);
            TokenUsage usage;
            if (stream.usage() != null) {
                usage = reported(stream.usage());
            } else {
                ChatRequest request = exchange.getProperty(ExchangeProperties.REQUEST, ChatRequest.class);
                long input = request == null ? 0 : tokens.countPrompt(exchange, request, upstreamModel);
                usage = new TokenUsage(input, 0, tokens.count(stream.streamedText(), upstreamModel), true);
            }
            apply(exchange, usage);
        } catch (RuntimeException e) {
            LOG.warn("Could not record the usage of request {}'s stream: {}",
                    exchange.getProperty(ExchangeProperties.REQUEST_ID, String.class), e.toString());
        }
    }

    private void apply(Exchange exchange, TokenUsage usage) {
        exchange.setProperty(ExchangeProperties.USAGE, usage);
        if (usage.estimated()) {
            exchange.setProperty(ExchangeProperties.USAGE_ESTIMATED, "true");
        }
        boolean cacheHit = exchange.getProperty(ExchangeProperties.CACHE_HIT, false, Boolean.class);
        BigDecimal cost = cacheHit ? BigDecimal.ZERO : cost(exchange.getProperty(ExchangeProperties.MODEL, String.class), usage);
        if (cost != null) {
            exchange.setProperty(ExchangeProperties.COST_USD, cost.stripTrailingZeros().toPlainString());
        }
        if (!cacheHit) {
            keyPolicy.charge(exchange, usage, cost);
            exchange.setProperty(ExchangeProperties.CHARGED, true);
        }
        // charged first, released after: for a moment the request counts twice, never zero times
        keyPolicy.settle(exchange);
    }

    private TokenUsage usageOf(Exchange exchange, ChatResponse response, String upstreamModel) {
        Usage reported = response == null ? null : response.usage;
        if (reported != null) {
            return reported(reported);
        }
        ChatRequest request = exchange.getProperty(ExchangeProperties.REQUEST, ChatRequest.class);
        long input = request == null ? 0 : tokens.countPrompt(exchange, request, upstreamModel);
        long output = response == null ? 0 : tokens.countCompletion(response, upstreamModel);
        return new TokenUsage(input, 0, output, true);
    }

    /** Embeddings have input tokens only (priced at the model's input price): as reported, else counted. */
    TokenUsage embeddingUsage(EmbeddingResponse response, EmbeddingRequest request, String upstreamModel) {
        long reported = response.usage == null ? 0 : response.usage.promptTokens;
        if (reported > 0 || request == null) {
            return new TokenUsage(reported, 0, 0, false);
        }
        return new TokenUsage(tokens.countInputs(request, upstreamModel), 0, 0, true);
    }

    private static TokenUsage reported(Usage reported) {
        JsonNode details = reported.extra().get("prompt_tokens_details");
        long cached = details == null ? 0 : details.path("cached_tokens").asLong(0);
        return new TokenUsage(reported.promptTokens, cached, reported.completionTokens, false);
    }

    /** Null when the model has no pricing configured: unknown, which is not the same as free. */
    BigDecimal cost(String modelName, TokenUsage usage) {
        Model model = modelName == null ? null : catalog.model(modelName);
        if (model == null || model.getPricing() == null) {
            return null;
        }
        return model.getPricing().cost(usage.inputTokens(), usage.cachedInputTokens(), usage.outputTokens());
    }
}
