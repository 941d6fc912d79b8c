package io.llmgateway.provider;

import io.llmgateway.catalog.ModelCatalog;
import io.llmgateway.core.GatewayProperties;
import io.llmgateway.core.GatewayProperties.Provider;
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
 * Turns each configured provider into routes: the generic HTTP template {@code provider-http} from
 * routes/providers.camel.yaml with the adapter bean and URL path that {@link ProviderKinds} lists for
 * the kind, instantiated as {@code direct:provider-call-<id>} (chat), {@code direct:provider-embed-<id>},
 * {@code direct:provider-models-<id>} and {@code direct:provider-admin-<id>} where the kind offers them.
 * A kind with a template of its own ({@code provider-<kind>}, as mock) uses that. Adding an
 * OpenAI-compatible provider therefore needs configuration only. In front of each, the shared
 * {@code provider-guard} template becomes {@code direct:provider-guard-<id>} (throttle, circuit breaker),
 * which is what the fallback chain calls.
 */
@Component
public class ProviderRoutes implements CamelContextConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger(ProviderRoutes.class);

    /** The shared resilience steps (routes/providers.camel.yaml), instantiated as direct:provider-guard-<id>. */
    static final String GUARD_TEMPLATE = "provider-guard";

    /** The one HTTP call every kind in {@link ProviderKinds} makes (routes/providers.camel.yaml). */
    static final String HTTP_TEMPLATE = "provider-http";

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
        for (String template : new String[] {GUARD_TEMPLATE, HTTP_TEMPLATE}) {
            if (((ModelCamelContext) camelContext).getRouteTemplateDefinition(template) == null) {
                throw new IllegalStateException("routes/ has no route template '" + template + "'");
            }
        }
        for (Map.Entry<String, Provider> entry : properties.getProviders().entrySet()) {
            String id = entry.getKey();
            Provider provider = entry.getValue();
            ProviderKinds.Kind kind = ProviderKinds.of(provider.getKind());
            if (!addRoute(camelContext, "provider-", "provider-call-", kind == null ? null : kind.chat(), true, id, provider)) {
                throw new IllegalStateException("Provider '" + id + "' has kind '" + provider.getKind()
                        + "', which is not an HTTP kind (io.llmgateway.provider.ProviderKinds) and routes/ has no route template 'provider-"
                        + provider.getKind() + "'");
            }
            // what every kind shares, in front of it: throttle -> circuit breaker -> provider-call-<id>
            addGuard(camelContext, "provider-guard", "provider-call", id);
            if (addRoute(camelContext, "embeddings-", "provider-embed-", kind == null ? null : kind.embeddings(), false, id, provider)) {
                // embeddings calls pass the same throttle and breaker as chat
                addGuard(camelContext, "provider-embed-guard", "provider-embed", id);
            }
            if (provider.isListModels()) {
                addRoute(camelContext, "models-", "provider-models-", kind == null ? null : kind.models(), false, id, provider);
            }
            addRoute(camelContext, "admin-", "provider-admin-", kind == null ? null : kind.admin(), false, id, provider);
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
     * One provider route as {@code <routePrefix><id>} (endpoint direct:<routePrefix><id>): from the kind's
     * own template {@code <templatePrefix><kind>} when routes/ has one (mock, an integrator's flow), else
     * from the generic {@code provider-http} template with the adapter and path of {@link ProviderKinds}.
     * False when the kind offers neither (no embeddings, no model listing, ...): the route is simply absent.
     */
    private static boolean addRoute(CamelContext camelContext, String templatePrefix, String routePrefix,
                                    ProviderKinds.Call call, boolean streams, String id, Provider provider) {
        String own = templatePrefix + provider.getKind();
        String routeId = routePrefix + id;
        removeIfPresent(camelContext, routeId);
        TemplatedRouteBuilder builder;
        boolean ownTemplate = ((ModelCamelContext) camelContext).getRouteTemplateDefinition(own) != null;
        if (ownTemplate) {
            builder = TemplatedRouteBuilder.builder(camelContext, own);
        } else if (call != null) {
            builder = TemplatedRouteBuilder.builder(camelContext, HTTP_TEMPLATE);
        } else {
            return false;
        }
        // Per-kind or integrator extras first, so the parameters below always win.
        provider.getTemplateParameters().forEach(builder::parameter);
        if (!ownTemplate) {
            builder.parameter("callName", routePrefix.substring(0, routePrefix.length() - 1))
                    .parameter("adapter", call.adapter())
                    .parameter("url", baseUrl(provider) + call.path())
                    .parameter("streams", streams);
        }
        builder.routeId(routeId)
                .parameter("providerId", id)
                .parameter("baseUrl", baseUrl(provider))
                .parameter("timeoutMillis", provider.getTimeout().toMillis())
                .parameter("connectTimeoutMillis", provider.getConnectTimeout().toMillis())
                .parameter("stallTimeoutMillis", provider.getStallTimeout().toMillis())
                .parameter("maxConnections", provider.getMaxConnections())
                .parameter("maxConnectionsPerHost", provider.getMaxConnectionsPerHost())
                .add();
        return true;
    }

    private static String baseUrl(Provider provider) {
        return "bedrock".equals(provider.getKind())
                ? BedrockSigner.baseUrl(provider, ModelCatalog.isAvailable(provider)) : trimSlash(provider.getBaseUrl());
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
