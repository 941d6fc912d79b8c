package io.llmgateway.provider;

import io.llmgateway.catalog.ModelCatalog;
import io.llmgateway.chat.StreamRequests;
import io.llmgateway.core.ExchangeProperties;
import io.llmgateway.core.GatewayProperties.Model;
import io.llmgateway.core.GatewayProperties.Provider;
import io.llmgateway.error.GatewayException;
import org.apache.camel.Exchange;

/**
 * Where one call goes: the provider (id and config), the model alias's config, the upstream model
 * name, and whether the call streams (the vendor is asked for its event stream).
 */
public record Target(String providerId, Provider provider, Model model, String upstreamModel, boolean stream) {

    /** A call answered whole. */
    public Target(String providerId, Provider provider, Model model, String upstreamModel) {
        this(providerId, provider, model, upstreamModel, false);
    }

    public static Target of(Exchange exchange, ModelCatalog catalog) {
        String providerId = exchange.getProperty(ExchangeProperties.PROVIDER, String.class);
        return new Target(providerId, catalog.provider(providerId),
                catalog.model(exchange.getProperty(ExchangeProperties.MODEL, String.class)),
                exchange.getProperty(ExchangeProperties.UPSTREAM_MODEL, String.class), StreamRequests.upstream(exchange));
    }

    /** The same call, streaming. */
    public Target streaming() {
        return new Target(providerId, provider, model, upstreamModel, true);
    }

    /** A 400 for a request feature this provider cannot serve, naming both, raised before any upstream call. */
    public GatewayException unsupported(String param, String feature) {
        return new GatewayException(400, "invalid_request_error", "unsupported_feature", param,
                "Provider '" + providerId + "' (" + provider.getKind() + ") does not support " + feature + ".",
                providerId, null);
    }

    /** The output limit: the caller's, else the provider's configured default. */
    public int maxTokens(io.llmgateway.chat.ChatRequest request) {
        Integer asked = request.outputLimit();
        return asked != null ? asked : provider.getDefaultMaxTokens();
    }
}
