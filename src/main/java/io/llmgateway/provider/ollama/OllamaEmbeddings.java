package io.llmgateway.provider.ollama;

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

/** Ollama embeddings: POST {base-url}/api/embed with a list input; prompt_eval_count is the usage. */
@Component("ollamaEmbeddings")
public class OllamaEmbeddings extends EmbeddingWireAdapter {

    public OllamaEmbeddings(ModelCatalog catalog, TokenCounter tokens, OllamaAdapter chat) {
        super(catalog, tokens, chat);
    }

    @Override
    public WireRequest request(EmbeddingRequest request, Target target) {
        requireText(request, target);
        ObjectNode body = Json.MAPPER.createObjectNode().put("model", target.upstreamModel());
        ArrayNode input = body.putArray("input");
        request.inputs().forEach(input::add);
        if (request.dimensions != null) body.put("dimensions", request.dimensions);
        if (target.provider().getKeepAlive() != null) body.put("keep_alive", target.provider().getKeepAlive());
        WireRequest wire = new WireRequest(body);
        if (target.provider().hasApiKey()) wire.header("Authorization", "Bearer " + target.provider().getApiKey());
        return wire;
    }

    @Override
    public EmbeddingResponse response(JsonNode body, EmbeddingRequest request, Target target) {
        EmbeddingResponse response = new EmbeddingResponse();
        response.model = body.path("model").asText(target.upstreamModel());
        int index = 0;
        for (JsonNode vector : body.path("embeddings")) {
            response.data.add(new EmbeddingResponse.Embedding(index++, vector));
        }
        response.usage = new EmbeddingResponse.Usage(body.has("prompt_eval_count")
                ? body.get("prompt_eval_count").asInt() : count(request));
        return response;
    }
}
