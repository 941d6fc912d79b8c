package io.llmgateway.catalog;

import io.llmgateway.chat.ChatRequest;
import io.llmgateway.core.ExchangeProperties;
import io.llmgateway.core.GatewayProperties;
import io.llmgateway.core.GatewayProperties.Model;
import io.llmgateway.core.GatewayProperties.Provider;
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

    private final GatewayProperties properties;
    private final Map<String, Model> models = new LinkedHashMap<>();
    private final long created = Instant.now().getEpochSecond();

    public ModelCatalog(GatewayProperties properties) {
        this.properties = properties;
        for (Model model : properties.getModels()) {
            if (model.getName() == null || (model.getProvider() == null && model.getDeployments().isEmpty())) {
                throw new IllegalStateException("gateway.models entries need a name and a provider (or deployments)");
            }
            for (GatewayProperties.Deployment target : model.targets()) {
                if (!properties.getProviders().containsKey(target.getProvider())) {
                    throw new IllegalStateException("Model '" + model.getName() + "' names unknown provider '"
                            + target.getProvider() + "'; known: " + properties.getProviders().keySet());
                }
                if (target.getModel() == null) {
                    target.setModel(model.getName());
                }
            }
            models.put(model.getName(), model);
        }
        for (Model model : models.values()) {
            for (String fallback : model.getFallbacks()) {
                if (!models.containsKey(fallback)) {
                    throw new IllegalStateException("Model '" + model.getName() + "' falls back to unknown model '"
                            + fallback + "'; known: " + models.keySet());
                }
            }
        }
    }

    /** Looks up the requested model and records alias, provider and upstream name on the exchange. */
    public void resolve(Exchange exchange) {
        resolveName(exchange, exchange.getIn().getBody(ChatRequest.class).model);
    }

    /** The same for any request that names a model (chat, embeddings). */
    public void resolveName(Exchange exchange, String name) {
        Model model = models.get(name);
        if (model == null) {
            model = model(name); // <provider-id>/<model> of a provider that lists its own models
        }
        if (model == null) {
            throw new GatewayException(404, "invalid_request_error", "model_not_found", "model",
                    "The model '" + name + "' does not exist or you do not have access to it.");
        }
        use(exchange, model);
    }

    /** Records the alias (and its first configured target) as the one serving this request. */
    public void use(Exchange exchange, Model model) {
        GatewayProperties.Deployment target = model.targets().stream()
                .filter(t -> isAvailable(provider(t.getProvider()))).findFirst().orElse(null);
        if (target == null && !isServable(model)) {
            throw new GatewayException(404, "invalid_request_error", "model_not_found", "model",
                    "The model '" + model.getName() + "' is configured, but its provider '" + model.targets().get(0).getProvider()
                            + "' is not enabled (disabled, or its API key is not set).");
        }
        if (target == null) {
            target = model.targets().get(0);
        }
        exchange.setProperty(ExchangeProperties.MODEL, model.getName());
        exchange.setProperty(ExchangeProperties.PROVIDER, target.getProvider());
        exchange.setProperty(ExchangeProperties.UPSTREAM_MODEL, target.getModel());
    }

    /** Whether the alias, or one of its fallbacks, has a provider that is configured on (enabled, key set). */
    public boolean isServable(Model model) {
        if (model.targets().stream().anyMatch(t -> isAvailable(provider(t.getProvider())))) {
            return true;
        }
        return model.getFallbacks().stream().map(models::get)
                .anyMatch(f -> f.targets().stream().anyMatch(t -> isAvailable(provider(t.getProvider()))));
    }

    public java.util.Collection<Model> models() {
        return models.values();
    }

    /** The provider id when the name is <provider-id>/<model> of an available provider with list-models on, else null. */
    String listedModel(String name) {
        int slash = name == null ? -1 : name.indexOf('/');
        if (slash <= 0 || slash == name.length() - 1) {
            return null;
        }
        Provider provider = properties.getProviders().get(name.substring(0, slash));
        return provider != null && provider.isListModels() && isAvailable(provider) ? name.substring(0, slash) : null;
    }

    /** A configured alias, or a synthesized one for <provider-id>/<model> of a provider with list-models on. */
    public Model model(String name) {
        Model model = models.get(name);
        if (model != null || listedModel(name) == null) {
            return model;
        }
        // made anew each time: the caller names it, so keeping one per name would grow without bound
        String providerId = listedModel(name);
        Model synthesized = new Model();
        synthesized.setName(name);
        synthesized.setProvider(providerId);
        synthesized.setModel(name.substring(providerId.length() + 1));
        return synthesized;
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
            if (isServable(model)) {
                data.add(new ModelEntry(model.getName(), "model", created, model.targets().get(0).getProvider()));
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
