package io.llmgateway.embeddings;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.llmgateway.catalog.ModelCatalog;
import io.llmgateway.core.ExchangeProperties;
import io.llmgateway.core.GatewayProperties.Provider;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.camel.AggregationStrategy;
import org.apache.camel.Exchange;
import org.springframework.stereotype.Component;

/**
 * Splits a large embeddings input into provider-sized batches, collects the batch answers as they
 * come back from the parallel split, and reassembles them in input order with usage summed.
 */
@Component("embeddingBatches")
public class EmbeddingBatches implements AggregationStrategy {

    /** Most inputs one call may carry, per kind (the vendors' documented limits). */
    static final Map<String, Integer> DEFAULT_BATCH = Map.of(
            "openai", 2048, "azure-openai", 2048, "gemini", 100, "ollama", 512, "bedrock", 96, "mock", 2048);

    private final ModelCatalog catalog;

    public EmbeddingBatches(ModelCatalog catalog) {
        this.catalog = catalog;
    }

    /** Body: the request -> the list of batch requests (the split's input). */
    public List<EmbeddingRequest> split(Exchange exchange) {
        EmbeddingRequest request = exchange.getIn().getBody(EmbeddingRequest.class);
        exchange.setProperty(ExchangeProperties.EMBEDDING_REQUEST, request);
        Provider provider = catalog.provider(exchange.getProperty(ExchangeProperties.PROVIDER, String.class));
        int size = batchSize(provider, exchange.getProperty(ExchangeProperties.UPSTREAM_MODEL, String.class));
        exchange.setProperty(ExchangeProperties.EMBEDDING_BATCH_SIZE, size);
        List<JsonNode> inputs = request.inputs();
        List<EmbeddingRequest> batches = new ArrayList<>();
        for (int from = 0; from < inputs.size(); from += size) {
            batches.add(request.withInputs(inputs.subList(from, Math.min(inputs.size(), from + size))));
        }
        return batches;
    }

    static int batchSize(Provider provider, String upstreamModel) {
        if (provider.getEmbeddingBatchSize() != null && provider.getEmbeddingBatchSize() > 0) {
            return provider.getEmbeddingBatchSize();
        }
        // Titan text embeddings take one input per call; Cohere on Bedrock takes up to 96
        if ("bedrock".equals(provider.getKind()) && upstreamModel != null && upstreamModel.startsWith("amazon.titan")) {
            return 1;
        }
        return DEFAULT_BATCH.getOrDefault(provider.getKind(), 256);
    }

    /** Keeps each batch answer under its split index; order of arrival does not matter. */
    @Override
    @SuppressWarnings("unchecked")
    public Exchange aggregate(Exchange collected, Exchange batch) {
        if (batch.getException() != null) {
            if (collected != null) {
                collected.setException(batch.getException());
                return collected;
            }
            return batch;
        }
        int index = batch.getProperty(Exchange.SPLIT_INDEX, Integer.class);
        EmbeddingResponse answer = batch.getIn().getBody(EmbeddingResponse.class);
        if (collected == null) {
            TreeMap<Integer, EmbeddingResponse> parts = new TreeMap<>();
            parts.put(index, answer);
            batch.getIn().setBody(parts);
            return batch;
        }
        collected.getIn().getBody(TreeMap.class).put(index, answer);
        return collected;
    }

    /** The batch answers, in order, as one response: indexes renumbered, usage summed. */
    @SuppressWarnings("unchecked")
    public EmbeddingResponse merge(Exchange exchange) {
        TreeMap<Integer, EmbeddingResponse> parts = exchange.getIn().getBody(TreeMap.class);
        EmbeddingRequest request = exchange.getProperty(ExchangeProperties.EMBEDDING_REQUEST, EmbeddingRequest.class);
        int size = exchange.getProperty(ExchangeProperties.EMBEDDING_BATCH_SIZE, Integer.class);
        EmbeddingResponse merged = new EmbeddingResponse();
        int tokens = 0;
        for (Map.Entry<Integer, EmbeddingResponse> part : parts.entrySet()) {
            EmbeddingResponse answer = part.getValue();
            if (merged.model == null) merged.model = answer.model;
            for (EmbeddingResponse.Embedding e : answer.data) {
                JsonNode vector = "base64".equals(request.encodingFormat) && e.embedding.isArray() ? base64(e.embedding) : e.embedding;
                merged.data.add(new EmbeddingResponse.Embedding(part.getKey() * size + e.index, vector));
            }
            tokens += answer.usage == null ? 0 : answer.usage.promptTokens;
        }
        merged.data.sort((a, b) -> Integer.compare(a.index, b.index));
        merged.usage = new EmbeddingResponse.Usage(tokens);
        return merged;
    }

    /** OpenAI's base64 encoding: the float32 values, little-endian. */
    static JsonNode base64(JsonNode vector) {
        ByteBuffer bytes = ByteBuffer.allocate(vector.size() * 4).order(ByteOrder.LITTLE_ENDIAN);
        vector.forEach(v -> bytes.putFloat((float) v.asDouble()));
        return TextNode.valueOf(Base64.getEncoder().encodeToString(bytes.array()));
    }
}
