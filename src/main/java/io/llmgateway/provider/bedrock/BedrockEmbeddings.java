package io.llmgateway.provider.bedrock;

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
import org.apache.camel.Exchange;
import org.springframework.stereotype.Component;

/**
 * Bedrock embeddings through InvokeModel (POST {base-url}/model/{modelId}/invoke, SigV4-signed):
 * Amazon Titan (one inputText per call, so batches of one) or Cohere Embed (a list of texts).
 */
@Component("bedrockEmbeddings")
public class BedrockEmbeddings extends EmbeddingWireAdapter {

    private final BedrockSigner signer;

    public BedrockEmbeddings(ModelCatalog catalog, TokenCounter tokens, BedrockAdapter chat, BedrockSigner signer) {
        super(catalog, tokens, chat);
        this.signer = signer;
    }

    static boolean cohere(Target target) {
        return target.upstreamModel().startsWith("cohere.");
    }

    @Override
    public WireRequest request(EmbeddingRequest request, Target target) {
        requireText(request, target);
        ObjectNode body = Json.MAPPER.createObjectNode();
        if (cohere(target)) {
            ArrayNode texts = body.putArray("texts");
            request.inputs().forEach(texts::add);
            body.put("input_type", request.extra().containsKey("input_type")
                    ? request.extra().get("input_type").asText() : "search_document");
        } else {
            if (request.inputs().size() != 1) {
                throw target.unsupported("input", "several inputs in one Titan call (set embedding-batch-size: 1)");
            }
            body.put("inputText", request.inputs().get(0).asText());
            if (request.dimensions != null) body.put("dimensions", request.dimensions);
        }
        return new WireRequest(body, "model/" + BedrockSigner.encodePathSegment(target.upstreamModel()) + "/invoke", null);
    }

    @Override
    protected void sign(Exchange exchange, WireRequest wire, byte[] body, Target target) {
        signer.sign(target, wire.path(), body).forEach(exchange.getIn()::setHeader);
    }

    @Override
    public EmbeddingResponse response(JsonNode body, EmbeddingRequest request, Target target) {
        EmbeddingResponse response = new EmbeddingResponse();
        response.model = target.upstreamModel();
        if (body.has("embedding")) {
            response.data.add(new EmbeddingResponse.Embedding(0, body.get("embedding")));
            response.usage = new EmbeddingResponse.Usage(body.path("inputTextTokenCount").asInt(count(request)));
            return response;
        }
        JsonNode vectors = body.path("embeddings");
        if (vectors.isObject()) {
            vectors = vectors.path("float"); // Cohere with embedding_types
        }
        int index = 0;
        for (JsonNode vector : vectors) {
            response.data.add(new EmbeddingResponse.Embedding(index++, vector));
        }
        response.usage = new EmbeddingResponse.Usage(count(request));
        return response;
    }
}
