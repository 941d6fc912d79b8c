package io.llmgateway.provider.mock;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.llmgateway.chat.Json;
import io.llmgateway.core.ExchangeProperties;
import io.llmgateway.embeddings.EmbeddingRequest;
import io.llmgateway.embeddings.EmbeddingResponse;
import io.llmgateway.usage.TokenCounter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.camel.Exchange;
import org.springframework.stereotype.Component;

/**
 * In-process embeddings: deterministic unit vectors seeded by the text (same text, same vector),
 * 16 dimensions unless the caller asks for others, with real token counts.
 */
@Component("mockEmbeddings")
public class MockEmbeddings {

    static final int DEFAULT_DIMENSIONS = 16;

    private final TokenCounter tokens;

    public MockEmbeddings(TokenCounter tokens) {
        this.tokens = tokens;
    }

    public EmbeddingResponse embed(Exchange exchange) {
        EmbeddingRequest request = exchange.getIn().getBody(EmbeddingRequest.class);
        int dimensions = request.dimensions != null ? request.dimensions : DEFAULT_DIMENSIONS;
        EmbeddingResponse response = new EmbeddingResponse();
        response.model = exchange.getProperty(ExchangeProperties.UPSTREAM_MODEL, String.class);
        List<JsonNode> inputs = request.inputs();
        int used = 0;
        for (int i = 0; i < inputs.size(); i++) {
            String text = inputs.get(i).isTextual() ? inputs.get(i).asText() : inputs.get(i).toString();
            response.data.add(new EmbeddingResponse.Embedding(i, vector(text, dimensions)));
            used += inputs.get(i).isTextual() ? tokens.count(text) : inputs.get(i).size();
        }
        response.usage = new EmbeddingResponse.Usage(used);
        return response;
    }

    static JsonNode vector(String text, int dimensions) {
        long seed = 1125899906842597L;
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            seed = 31 * seed + b;
        }
        SplittableRandom random = new SplittableRandom(seed);
        double[] values = new double[dimensions];
        double norm = 0;
        for (int d = 0; d < dimensions; d++) {
            values[d] = random.nextDouble(-1, 1);
            norm += values[d] * values[d];
        }
        ArrayNode vector = Json.MAPPER.createArrayNode();
        for (double v : values) {
            vector.add((float) (v / Math.sqrt(norm)));
        }
        return vector;
    }
}
