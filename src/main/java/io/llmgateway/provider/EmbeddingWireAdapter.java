package io.llmgateway.provider;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmgateway.catalog.ModelCatalog;
import io.llmgateway.core.ExchangeProperties;
import io.llmgateway.embeddings.EmbeddingRequest;
import io.llmgateway.embeddings.EmbeddingResponse;
import io.llmgateway.error.GatewayException;
import io.llmgateway.usage.TokenCounter;
import java.util.Map;
import org.apache.camel.Exchange;

/**
 * The embeddings twin of {@link WireAdapter}: one batch of inputs -> the vendor's embeddings
 * request, its answer -> OpenAI's embedding list. Errors read as the vendor's chat errors do.
 */
public abstract class EmbeddingWireAdapter {

    protected final ModelCatalog catalog;
    protected final TokenCounter tokens;
    /** The same vendor's chat adapter, whose error reading embeddings share; null when a subclass reads errors itself. */
    private final WireAdapter chat;

    protected EmbeddingWireAdapter(ModelCatalog catalog, TokenCounter tokens, WireAdapter chat) {
        this.catalog = catalog;
        this.tokens = tokens;
        this.chat = chat;
    }

    public abstract WireRequest request(EmbeddingRequest request, Target target);

    public abstract EmbeddingResponse response(JsonNode body, EmbeddingRequest request, Target target);

    /** The vendor's error answer, read as its chat adapter reads it. */
    public GatewayException error(int status, JsonNode body, Map<String, Object> headers, Target target) {
        return chat.error(status, body, headers, target);
    }

    public void toWire(Exchange exchange) {
        EmbeddingRequest request = exchange.getIn().getBody(EmbeddingRequest.class);
        exchange.setProperty(ExchangeProperties.EMBEDDING_BATCH, request);
        Target target = Target.of(exchange, catalog);
        WireRequest wire = request(request, target);
        sign(exchange, wire, WireAdapter.put(exchange, wire), target);
    }

    protected void sign(Exchange exchange, WireRequest wire, byte[] body, Target target) {
    }

    public EmbeddingResponse fromWire(Exchange exchange) {
        Target target = Target.of(exchange, catalog);
        JsonNode tree = WireAdapter.take(exchange, target, this::error);
        try {
            return response(tree, exchange.getProperty(ExchangeProperties.EMBEDDING_BATCH, EmbeddingRequest.class), target);
        } catch (GatewayException e) {
            throw e;
        } catch (RuntimeException e) {
            throw ProviderCalls.invalidResponse(target.providerId());
        }
    }

    /** Vendors without token-id input refuse it before any call. */
    protected static void requireText(EmbeddingRequest request, Target target) {
        if (!request.allText()) {
            throw target.unsupported("input", "token-id input for embeddings (send strings)");
        }
    }

    /** Vendors that report no usage: counted here (o200k_base), so callers still see a figure. */
    protected int count(EmbeddingRequest request) {
        int sum = 0;
        for (JsonNode input : request.inputs()) {
            sum += input.isTextual() ? tokens.count(input.asText()) : input.size();
        }
        return sum;
    }

}
