package io.llmgateway.provider.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmgateway.catalog.ModelCatalog;
import io.llmgateway.chat.Json;
import io.llmgateway.embeddings.EmbeddingRequest;
import io.llmgateway.embeddings.EmbeddingResponse;
import io.llmgateway.error.GatewayException;
import io.llmgateway.provider.EmbeddingWireAdapter;
import io.llmgateway.provider.ProviderCalls;
import io.llmgateway.provider.Target;
import io.llmgateway.provider.WireRequest;
import io.llmgateway.usage.TokenCounter;
import java.io.IOException;
import java.util.Map;
import org.springframework.stereotype.Component;

/** POST {base-url}/embeddings: OpenAI's own shape, so the batch passes through with the upstream model name. */
@Component("openAiEmbeddings")
public class OpenAiEmbeddings extends EmbeddingWireAdapter {

    public OpenAiEmbeddings(ModelCatalog catalog, TokenCounter tokens) {
        super(catalog, tokens, null);
    }

    @Override
    public WireRequest request(EmbeddingRequest request, Target target) {
        ObjectNode body = Json.MAPPER.valueToTree(request);
        body.put("model", target.upstreamModel());
        WireRequest wire = new WireRequest(body);
        if (target.provider().hasApiKey()) wire.header("Authorization", "Bearer " + target.provider().getApiKey());
        return wire;
    }

    @Override
    public EmbeddingResponse response(JsonNode body, EmbeddingRequest request, Target target) {
        return read(body, target);
    }

    static EmbeddingResponse read(JsonNode body, Target target) {
        try {
            return Json.MAPPER.treeToValue(body, EmbeddingResponse.class);
        } catch (IOException e) {
            throw ProviderCalls.invalidResponse(target.providerId());
        }
    }

    @Override
    public GatewayException error(int status, JsonNode body, Map<String, Object> headers, Target target) {
        return OpenAiAdapter.error(target.providerId(), status, body, target.provider());
    }
}
