package io.llmgateway.embeddings;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.llmgateway.catalog.ModelCatalog;
import io.llmgateway.chat.Json;
import io.llmgateway.chat.RequestBodies;
import io.llmgateway.core.ExchangeProperties;
import io.llmgateway.core.GatewayProperties;
import io.llmgateway.core.GatewayProperties.Provider;
import io.llmgateway.error.GatewayException;
import org.apache.camel.Exchange;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.stereotype.Component;

/** Parses and validates POST /v1/embeddings once, in OpenAI's words, and resolves its model. */
@Component("embeddingRequests")
@EnableConfigurationProperties(EmbeddingsProperties.class)
public class EmbeddingRequests {

    private final ModelCatalog catalog;
    private final long maxBodyBytes;
    private final EmbeddingsProperties bounds;

    public EmbeddingRequests(ModelCatalog catalog, GatewayProperties properties, EmbeddingsProperties bounds) {
        this.catalog = catalog;
        this.maxBodyBytes = properties.getMaxBodySize().toBytes();
        this.bounds = bounds;
    }

    public void read(Exchange exchange) {
        byte[] body = RequestBodies.bytes(exchange, maxBodyBytes);
        EmbeddingRequest request = parse(body);
        validate(request);
        checkBounds(request, bounds);
        exchange.getIn().setBody(request);
        catalog.resolveName(exchange, request.model);
        String providerId = exchange.getProperty(ExchangeProperties.PROVIDER, String.class);
        Provider provider = catalog.provider(providerId);
        // the provider routes made an embeddings guard (the route embeddings.camel.yaml calls) only for kinds that serve them
        if (exchange.getContext().getRoute("provider-embed-guard-" + providerId) == null) {
            throw new GatewayException(400, "invalid_request_error", "unsupported_feature", "model",
                    "Provider '" + providerId + "' (" + provider.getKind() + ") does not support embeddings.", providerId, null);
        }
    }

    static EmbeddingRequest parse(byte[] body) {
        JsonNode tree = RequestBodies.jsonObject(body);
        try {
            return Json.MAPPER.treeToValue(tree, EmbeddingRequest.class);
        } catch (JsonProcessingException e) {
            // a field of the wrong type, e.g. "dimensions": "many"
            throw GatewayException.invalidRequest(null, "invalid_json",
                    "We could not parse the JSON body of your request: " + e.getOriginalMessage().split("\n", 2)[0]);
        }
    }

    static void validate(EmbeddingRequest request) {
        if (request.model == null || request.model.isBlank()) {
            throw missing("model");
        }
        JsonNode input = request.input;
        if (input == null || input.isNull()) {
            throw missing("input");
        }
        if (!input.isTextual() && !input.isArray()) {
            throw GatewayException.invalidRequest("input", "invalid_type",
                    "Invalid type for 'input': expected a string, an array of strings, or an array of token arrays.");
        }
        if (input.isArray() && input.isEmpty() || input.isTextual() && input.asText().isEmpty()) {
            throw GatewayException.invalidRequest("input", "invalid_value", "Invalid 'input': it must not be empty.");
        }
        if (input.isArray()) {
            for (int i = 0; i < input.size(); i++) {
                JsonNode item = input.get(i);
                boolean ok = item.isTextual() && !item.asText().isEmpty() || item.isNumber()
                        || item.isArray() && !item.isEmpty();
                if (!ok) {
                    throw GatewayException.invalidRequest("input[" + i + "]", "invalid_value",
                            "Invalid 'input[" + i + "]': expected a non-empty string or token array.");
                }
            }
        }
        if (request.encodingFormat != null && !request.encodingFormat.equals("float") && !request.encodingFormat.equals("base64")) {
            throw GatewayException.invalidRequest("encoding_format", "invalid_value",
                    "Invalid value: '" + request.encodingFormat + "'. Supported values are: 'float' and 'base64'.");
        }
        if (request.dimensions != null && request.dimensions < 1) {
            throw GatewayException.invalidRequest("dimensions", "integer_below_min_value",
                    "Invalid 'dimensions': integer below minimum value. Expected a value >= 1.");
        }
    }

    static void checkBounds(EmbeddingRequest request, EmbeddingsProperties bounds) {
        // one string, or one token array (numbers), is a single input
        int inputs = !request.input.isArray() || request.input.get(0).isNumber() ? 1 : request.input.size();
        if (inputs > bounds.getMaxInputs()) {
            throw GatewayException.invalidRequest("input", "array_above_max_length", "Invalid 'input': " + inputs
                    + " inputs, at most " + bounds.getMaxInputs() + " are allowed per request.");
        }
        if (request.dimensions != null && request.dimensions > bounds.getMaxDimensions()) {
            throw GatewayException.invalidRequest("dimensions", "integer_above_max_value",
                    "Invalid 'dimensions': integer above maximum value. Expected a value <= " + bounds.getMaxDimensions() + ".");
        }
    }

    private static GatewayException missing(String field) {
        return GatewayException.invalidRequest(field, "missing_required_parameter", "Missing required parameter: '" + field + "'.");
    }
}
