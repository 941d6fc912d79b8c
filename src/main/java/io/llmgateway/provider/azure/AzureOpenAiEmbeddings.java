package io.llmgateway.provider.azure;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmgateway.catalog.ModelCatalog;
import io.llmgateway.chat.Json;
import io.llmgateway.embeddings.EmbeddingRequest;
import io.llmgateway.embeddings.EmbeddingResponse;
import io.llmgateway.provider.EmbeddingWireAdapter;
import io.llmgateway.provider.ProviderCalls;
import io.llmgateway.provider.Target;
import io.llmgateway.provider.WireRequest;
import io.llmgateway.usage.TokenCounter;
import java.io.IOException;
import org.springframework.stereotype.Component;

/** Azure OpenAI embeddings: OpenAI's body at {base-url}/openai/deployments/{deployment}/embeddings?api-version=... */
@Component("azureOpenAiEmbeddings")
public class AzureOpenAiEmbeddings extends EmbeddingWireAdapter {

    private final AzureOpenAiAdapter chat;

    public AzureOpenAiEmbeddings(ModelCatalog catalog, TokenCounter tokens, AzureOpenAiAdapter chat) {
        super(catalog, tokens, chat);
        this.chat = chat;
    }

    @Override
    public WireRequest request(EmbeddingRequest request, Target target) {
        ObjectNode body = Json.MAPPER.valueToTree(request);
        body.remove("model");
        WireRequest chatWire = chat.address(target, "embeddings");
        WireRequest wire = new WireRequest(body, chatWire.path(), chatWire.query());
        chatWire.headers().forEach(wire::header);
        return wire;
    }

    @Override
    public EmbeddingResponse response(JsonNode body, EmbeddingRequest request, Target target) {
        try {
            return Json.MAPPER.treeToValue(body, EmbeddingResponse.class);
        } catch (IOException e) {
            throw ProviderCalls.invalidResponse(target.providerId());
        }
    }
}
