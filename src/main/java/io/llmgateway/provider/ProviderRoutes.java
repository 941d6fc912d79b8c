package io.llmgateway.provider;

import io.llmgateway.catalog.GatewayProperties;
import io.llmgateway.catalog.GatewayProperties.Provider;
import io.llmgateway.catalog.ModelCatalog;
import io.llmgateway.provider.bedrock.BedrockSigner;
import java.util.Map;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.TemplatedRouteBuilder;
import org.apache.camel.model.ModelCamelContext;
import org.apache.camel.spring.boot.CamelContextConfiguration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Turns each configured provider into a route: the route template {@code provider-<kind>} from
 * routes/providers.camel.yaml, instantiated as {@code direct:provider-call-<id>}. Adding an
 * OpenAI-compatible provider therefore needs configuration only. In front of each, the shared
 * {@code provider-guard} template becomes {@code direct:provider-guard-<id>} (throttle, circuit breaker),
 * which is what the fallback chain calls.
 */
@Component
public class ProviderRoutes implements CamelContextConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger(ProviderRoutes.class);

    /** The shared resilience steps (routes/providers.camel.yaml), instantiated as direct:provider-guard-<id>. */
    static final String GUARD_TEMPLATE = "provider-guard";

    private final GatewayProperties properties;

    public ProviderRoutes(GatewayProperties properties) {
        this.properties = properties;
    }

    @Override
    public void beforeApplicationStart(CamelContext camelContext) {
        // Runs after routes/*.camel.yaml are loaded, so the templates exist, and before the context starts.
        instantiate(camelContext);
    }

    /** (Re)creates every provider route from its template; called again when a template file is reloaded. */
    public void instantiate(CamelContext camelContext) {
        if (((ModelCamelContext) camelContext).getRouteTemplateDefinition(GUARD_TEMPLATE) == null) {
            throw new IllegalStateException("routes/ has no route template '" + GUARD_TEMPLATE + "'");
        }
        for (Map.Entry<String, Provider> entry : properties.getProviders().entrySet()) {
            String id = entry.getKey();
            Provider provider = entry.getValue();
            String template = "provider-" + provider.getKind();
            if (((ModelCamelContext) camelContext).getRouteTemplateDefinition(template) == null) {
                throw new IllegalStateException("Provider '" + id + "' has kind '" + provider.getKind()
                        + "', but routes/ has no route template '" + template + "'");
            }
            addFromTemplate(camelContext, template, "provider-call-" + id, id, provider);
            // what every kind shares, in front of it: throttle -> circuit breaker -> provider-call-<id>
            addGuard(camelContext, "provider-guard", "provider-call", id);
            if (addOptionalRoute(camelContext, "embeddings-", "provider-embed-", id, provider)) {
                // embeddings calls pass the same throttle and breaker as chat
                addGuard(camelContext, "provider-embed-guard", "provider-embed", id);
            }
            if (provider.isListModels()) {
                addOptionalRoute(camelContext, "models-", "provider-models-", id, provider);
            }
            addOptionalRoute(camelContext, "admin-", "provider-admin-", id, provider);
            LOG.info("Provider '{}' ({}) ready as route provider-call-{}{}", id, provider.getKind(), id,
                    ModelCatalog.isAvailable(provider) ? "" : " (off: disabled or no API key)");
        }
    }

    /** The guard template as route and endpoint <guardName>-<id>, in front of direct:<callName>-<id>. */
    private static void addGuard(CamelContext camelContext, String guardName, String callName, String id) {
        String guardId = guardName + "-" + id;
        removeIfPresent(camelContext, guardId);
        TemplatedRouteBuilder.builder(camelContext, GUARD_TEMPLATE)
                .routeId(guardId)
                .parameter("providerId", id)
                .parameter("guardName", guardName)
                .parameter("callName", callName)
                .add();
    }

    /**
     * Optional per-kind routes: embeddings-<kind> (routes/embeddings.camel.yaml) as
     * provider-embed-<id>, models-<kind> and admin-<kind> (routes/local-models.camel.yaml) as
     * provider-models-<id> and provider-admin-<id>;
     * kinds without the template simply do not get the route.
     */
    private static boolean addOptionalRoute(CamelContext camelContext, String templatePrefix, String routePrefix,
                                            String id, Provider provider) {
        String template = templatePrefix + provider.getKind();
        if (((ModelCamelContext) camelContext).getRouteTemplateDefinition(template) == null) {
            return false;
        }
        addFromTemplate(camelContext, template, routePrefix + id, id, provider);
        return true;
    }

    /** One route from a template with the parameters every provider template may use. */
    private static void addFromTemplate(CamelContext camelContext, String template, String routeId,
                                        String id, Provider provider) {
        removeIfPresent(camelContext, routeId);
        TemplatedRouteBuilder builder = TemplatedRouteBuilder.builder(camelContext, template);
        // Per-kind or integrator extras first, so the standard parameters below always win.
        provider.getTemplateParameters().forEach(builder::parameter);
        builder.routeId(routeId)
                .parameter("providerId", id)
                .parameter("baseUrl", baseUrl(provider))
                .parameter("timeoutMillis", provider.getTimeout().toMillis())
                .parameter("connectTimeoutMillis", provider.getConnectTimeout().toMillis())
                .parameter("stallTimeoutMillis", provider.getStallTimeout().toMillis())
                .parameter("maxConnections", provider.getMaxConnections())
                .parameter("maxConnectionsPerHost", provider.getMaxConnectionsPerHost())
                .add();
    }

    private static String baseUrl(Provider provider) {
        return "bedrock".equals(provider.getKind())
                ? BedrockSigner.baseUrl(provider, ModelCatalog.isAvailable(provider)) : trimSlash(provider.getBaseUrl());
    }

    /** Whether a provider of this kind serves embeddings. */
    public static boolean servesEmbeddings(CamelContext camelContext, Provider provider) {
        return ((ModelCamelContext) camelContext).getRouteTemplateDefinition("embeddings-" + provider.getKind()) != null;
    }

    @Override
    public void afterApplicationStart(CamelContext camelContext) {
    }

    private static void removeIfPresent(CamelContext camelContext, String routeId) {
        try {
            if (camelContext.getRoute(routeId) != null) {
                camelContext.getRouteController().stopRoute(routeId);
                camelContext.removeRoute(routeId);
            }
            ModelCamelContext model = (ModelCamelContext) camelContext;
            if (model.getRouteDefinition(routeId) != null) {
                model.removeRouteDefinition(model.getRouteDefinition(routeId));
            }
        } catch (Exception e) {
            throw new IllegalStateException("Cannot replace route " + routeId, e);
        }
    }

    private static String trimSlash(String url) {
        if (url == null) {
            return "";
        }
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
