package io.llmgateway.provider.gemini;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmgateway.catalog.ModelCatalog;
import io.llmgateway.chat.Json;
import io.llmgateway.embeddings.EmbeddingRequest;
import io.llmgateway.embeddings.EmbeddingResponse;
import io.llmgateway.provider.EmbeddingWireAdapter;
import io.llmgateway.provider.Target;
import io.llmgateway.provider.WireRequest;
import io.llmgateway.usage.TokenCounter;
import org.springframework.stereotype.Component;

/** Gemini embeddings: POST {base-url}/models/{model}:batchEmbedContents, one request per input (at most 100). */
@Component("geminiEmbeddings")
public class GeminiEmbeddings extends EmbeddingWireAdapter {

    public GeminiEmbeddings(ModelCatalog catalog, TokenCounter tokens, GeminiAdapter chat) {
        super(catalog, tokens, chat);
    }

    @Override
    public WireRequest request(EmbeddingRequest request, Target target) {
        requireText(request, target);
        ObjectNode body = Json.MAPPER.createObjectNode();
        ArrayNode requests = body.putArray("requests");
        for (JsonNode input : request.inputs()) {
            ObjectNode one = requests.addObject().put("model", "models/" + target.upstreamModel());
            one.putObject("content").putArray("parts").addObject().put("text", input.asText());
            if (request.dimensions != null) one.put("outputDimensionality", request.dimensions);
        }
        return new WireRequest(body, "models/" + target.upstreamModel() + ":batchEmbedContents", null)
                .header("x-goog-api-key", target.provider().hasApiKey() ? target.provider().getApiKey() : null);
    }

    @Override
    public EmbeddingResponse response(JsonNode body, EmbeddingRequest request, Target target) {
        EmbeddingResponse response = new EmbeddingResponse();
        response.model = target.upstreamModel();
        int index = 0;
        for (JsonNode embedding : body.path("embeddings")) {
            response.data.add(new EmbeddingResponse.Embedding(index++, embedding.path("values")));
        }
        if (index != request.inputs().size()) {
            throw io.llmgateway.provider.ProviderCalls.invalidResponse(target.providerId());
        }
        response.usage = new EmbeddingResponse.Usage(count(request)); // Gemini reports no token usage here
        return response;
    }
}
