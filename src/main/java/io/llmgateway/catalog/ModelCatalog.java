package io.llmgateway.catalog;

import io.llmgateway.catalog.GatewayProperties.Model;
import io.llmgateway.catalog.GatewayProperties.Provider;
import io.llmgateway.chat.ChatRequest;
import io.llmgateway.error.GatewayException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.camel.Exchange;
import org.springframework.stereotype.Component;

/**
 * Knows which model names clients may ask for and which provider serves each. A provider that
 * needs an API key and has none is switched off, so the shipped config runs with no keys at all.
 */
@Component("modelCatalog")
public class ModelCatalog {

    /** Exchange properties the pipeline carries between steps (headers are for the wire only). */
    public static final String MODEL = "gatewayModel";
    public static final String PROVIDER = "gatewayProvider";
    public static final String UPSTREAM_MODEL = "gatewayUpstreamModel";

    private final GatewayProperties properties;
    private final Map<String, Model> models = new LinkedHashMap<>();
    private final long created = Instant.now().getEpochSecond();

    public ModelCatalog(GatewayProperties properties) {
        this.properties = properties;
        for (Model model : properties.getModels()) {
            if (model.getName() == null || model.getProvider() == null) {
                throw new IllegalStateException("gateway.models entries need a name and a provider");
            }
            if (!properties.getProviders().containsKey(model.getProvider())) {
                throw new IllegalStateException("Model '" + model.getName() + "' names unknown provider '"
                        + model.getProvider() + "'; known: " + properties.getProviders().keySet());
            }
            models.put(model.getName(), model);
        }
    }

    /** Looks up the requested model and records alias, provider and upstream name on the exchange. */
    public void resolve(Exchange exchange) {
        ChatRequest request = exchange.getIn().getBody(ChatRequest.class);
        Model model = models.get(request.model);
        if (model == null) {
            throw new GatewayException(404, "invalid_request_error", "model_not_found", "model",
                    "The model '" + request.model + "' does not exist or you do not have access to it.");
        }
        Provider provider = properties.getProviders().get(model.getProvider());
        if (!isAvailable(provider)) {
            throw new GatewayException(404, "invalid_request_error", "model_not_found", "model",
                    "The model '" + request.model + "' is configured, but its provider '" + model.getProvider()
                            + "' is not enabled (disabled, or its API key is not set).");
        }
        exchange.setProperty(MODEL, model.getName());
        exchange.setProperty(PROVIDER, model.getProvider());
        exchange.setProperty(UPSTREAM_MODEL, model.getModel());
    }

    public Model model(String name) {
        return models.get(name);
    }

    public Provider provider(String id) {
        return properties.getProviders().get(id);
    }

    public Map<String, Provider> providers() {
        return properties.getProviders();
    }

    public static boolean isAvailable(Provider provider) {
        return provider.isEnabled() && (!provider.isRequiresApiKey() || provider.hasApiKey());
    }

    /** GET /v1/models: the names callers can use right now, in OpenAI's list shape. */
    public ModelList listModels() {
        List<ModelEntry> data = new ArrayList<>();
        for (Model model : models.values()) {
            if (isAvailable(properties.getProviders().get(model.getProvider()))) {
                data.add(new ModelEntry(model.getName(), "model", created, model.getProvider()));
            }
        }
        return new ModelList("list", data);
    }

    public record ModelList(String object, List<ModelEntry> data) {
    }

    public record ModelEntry(String id, String object, long created,
                             @com.fasterxml.jackson.annotation.JsonProperty("owned_by") String ownedBy) {
    }
}
