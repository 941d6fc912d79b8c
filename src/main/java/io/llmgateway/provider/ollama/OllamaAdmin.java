package io.llmgateway.provider.ollama;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmgateway.catalog.ModelCatalog;
import io.llmgateway.chat.Json;
import io.llmgateway.chat.RequestBodies;
import io.llmgateway.core.ExchangeProperties;
import io.llmgateway.core.GatewayProperties.Provider;
import io.llmgateway.error.GatewayException;
import io.llmgateway.provider.ProviderCalls;
import java.io.IOException;
import org.apache.camel.Exchange;
import org.springframework.stereotype.Component;

/**
 * Operator calls on an Ollama provider: which models are loaded and how much memory they hold
 * (GET /api/ps), and loading or unloading a model (POST /api/generate with an empty prompt and
 * keep_alive; 0 unloads). Used by routes/admin-providers.camel.yaml under /admin/providers/{id}.
 */
@Component("ollamaAdmin")
public class OllamaAdmin {

    private final ModelCatalog catalog;

    public OllamaAdmin(ModelCatalog catalog) {
        this.catalog = catalog;
    }

    /** Checks the {id} path parameter names an enabled ollama provider and notes the action. */
    public void select(Exchange exchange, String action) {
        String id = exchange.getIn().getHeader("id", String.class);
        Provider provider = id == null ? null : catalog.provider(id);
        if (provider == null || !"ollama".equals(provider.getKind())) {
            throw new GatewayException(404, "invalid_request_error", "provider_not_found", "id",
                    "No provider '" + id + "' of kind ollama is configured.");
        }
        if (!ModelCatalog.isAvailable(provider)) {
            throw new GatewayException(409, "invalid_request_error", "provider_disabled", "id",
                    "Provider '" + id + "' is not enabled.");
        }
        exchange.setProperty(ExchangeProperties.PROVIDER, id);
        exchange.setProperty(ExchangeProperties.ADMIN_ACTION, action);
        if (!action.equals("running")) {
            JsonNode body = body(exchange);
            String model = body.path("model").asText("");
            if (model.isBlank()) {
                throw GatewayException.invalidRequest("model", "missing_required_parameter", "Missing required parameter: 'model'.");
            }
            exchange.setProperty(ExchangeProperties.ADMIN_MODEL, model);
            exchange.setProperty(ExchangeProperties.ADMIN_KEEP_ALIVE,
                    body.path("keep_alive").asText(provider.getKeepAlive() != null ? provider.getKeepAlive() : "5m"));
        }
    }

    private static JsonNode body(Exchange exchange) {
        byte[] bytes = RequestBodies.bytes(exchange, 64 * 1024);
        try {
            JsonNode tree = bytes.length == 0 ? null : Json.MAPPER.readTree(bytes);
            return tree == null ? Json.MAPPER.createObjectNode() : tree;
        } catch (IOException e) {
            throw GatewayException.invalidRequest(null, "invalid_json", "The request body must be a JSON object.");
        }
    }

    /** The upstream call for the noted action, on the provider route's static endpoint. */
    public void toWire(Exchange exchange) {
        String action = exchange.getProperty(ExchangeProperties.ADMIN_ACTION, String.class);
        if (action.equals("running")) {
            exchange.getIn().setBody(null);
            exchange.getIn().setHeader(Exchange.HTTP_METHOD, "GET");
            exchange.getIn().setHeader(Exchange.HTTP_PATH, "api/ps");
        } else {
            ObjectNode body = Json.MAPPER.createObjectNode().put("model", exchange.getProperty(ExchangeProperties.ADMIN_MODEL, String.class));
            if (action.equals("unload")) {
                body.put("keep_alive", 0); // as Ollama's docs unload: a zero keep_alive
            } else {
                body.put("keep_alive", exchange.getProperty(ExchangeProperties.ADMIN_KEEP_ALIVE, String.class));
            }
            exchange.getIn().setBody(Json.write(body));
            ProviderCalls.jsonPost(exchange);
            exchange.getIn().setHeader(Exchange.HTTP_PATH, "api/generate");
        }
    }

    /** Ollama's answer in the gateway's admin shape; its errors keep their status. */
    public JsonNode fromWire(Exchange exchange) {
        String id = exchange.getProperty(ExchangeProperties.PROVIDER, String.class);
        int status = ProviderCalls.status(exchange);
        JsonNode answer;
        try {
            byte[] bytes = ProviderCalls.body(exchange);
            answer = bytes.length == 0 ? Json.MAPPER.createObjectNode() : Json.MAPPER.readTree(bytes);
        } catch (IOException e) {
            throw ProviderCalls.invalidResponse(id);
        }
        if (status < 200 || status >= 300) {
            throw ProviderCalls.providerError(id, status, status >= 500 ? "server_error" : "invalid_request_error",
                    null, null, answer.path("error").asText(null), catalog.provider(id));
        }
        String action = exchange.getProperty(ExchangeProperties.ADMIN_ACTION, String.class);
        ObjectNode result = Json.MAPPER.createObjectNode();
        if (action.equals("running")) {
            result.put("object", "list").put("provider", id);
            ArrayNode data = result.putArray("data");
            for (JsonNode model : answer.path("models")) {
                ObjectNode m = data.addObject().put("model", model.path("name").asText(model.path("model").asText()));
                m.put("size_bytes", model.path("size").asLong());
                m.put("vram_bytes", model.path("size_vram").asLong());
                if (model.hasNonNull("expires_at")) m.put("expires_at", model.get("expires_at").asText());
                if (model.hasNonNull("context_length")) m.put("context_length", model.get("context_length").asInt());
            }
        } else {
            result.put("object", "provider.model." + action).put("provider", id)
                    .put("model", exchange.getProperty(ExchangeProperties.ADMIN_MODEL, String.class))
                    .put("done", answer.path("done").asBoolean(false));
            if (answer.hasNonNull("done_reason")) result.put("done_reason", answer.get("done_reason").asText());
        }
        return result;
    }
}
