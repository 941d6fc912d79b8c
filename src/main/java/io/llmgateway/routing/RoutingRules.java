package io.llmgateway.routing;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmgateway.catalog.ModelCatalog;
import io.llmgateway.chat.ChatMessage;
import io.llmgateway.chat.ChatRequest;
import io.llmgateway.core.ExchangeProperties;
import io.llmgateway.core.GatewayProperties.Model;
import io.llmgateway.error.GatewayException;
import io.llmgateway.usage.TokenCounter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The facts and actions behind routes/routing-rules.camel.yaml. {@link #inspect} reads the request
 * once into exchange properties the rules test; {@link #choose} and {@link #upgrade} act on a match.
 */
@Component("routingRules")
public class RoutingRules {

    private static final Logger LOG = LoggerFactory.getLogger(RoutingRules.class);

    private final ModelCatalog catalog;
    private final RoutingProperties routing;
    private final TokenCounter tokens;
    private final Map<String, Pattern> taskPatterns = new LinkedHashMap<>();
    private final boolean windowsConfigured;

    public RoutingRules(ModelCatalog catalog, RoutingProperties routing, TokenCounter tokens) {
        this.catalog = catalog;
        this.routing = routing;
        this.tokens = tokens;
        routing.getTaskPatterns().forEach((task, regex) -> taskPatterns.put(task, Pattern.compile(regex)));
        this.windowsConfigured = catalog.models().stream().anyMatch(m -> m.getContextWindow() > 0);
        skipUnknown("gateway.routing.tenants", routing.getTenants(), catalog);
        skipUnknown("gateway.routing.cost-tiers", routing.getCostTiers(), catalog);
        skipUnknown("gateway.routing.tasks", routing.getTasks(), catalog);
        if (routing.getDefaultModel() != null && catalog.model(routing.getDefaultModel()) == null) {
            throw new IllegalStateException("gateway.routing.default-model names unknown model '"
                    + routing.getDefaultModel() + "'");
        }
    }

    /**
     * A table entry naming a model that is not configured is dropped with a warning, not a failed
     * start: the shipped application.yaml's tables name the shipped models, and a Spring overlay
     * that replaces gateway.models cannot remove map keys. Which file an entry came from is not
     * known here, so this holds for entries the operator wrote too (the warning names the key).
     */
    private static void skipUnknown(String prefix, Map<String, String> table, ModelCatalog catalog) {
        table.entrySet().removeIf(entry -> {
            if (catalog.model(entry.getValue()) != null) {
                return false;
            }
            LOG.warn("{}.{} names model '{}', which is not configured: entry skipped", prefix, entry.getKey(), entry.getValue());
            return true;
        });
    }

    /** Reads the request once: images, tools, estimated prompt tokens, task class, and what each table offers. */
    public void inspect(Exchange exchange) {
        ChatRequest request = exchange.getIn().getBody(ChatRequest.class);
        exchange.setProperty(ExchangeProperties.RULE, "requested");
        exchange.setProperty(ExchangeProperties.HAS_IMAGES, hasImages(request));
        exchange.setProperty(ExchangeProperties.HAS_TOOLS, request.tools != null && !request.tools.isEmpty());
        boolean auto = routing.getAutoModel().equals(request.model);
        // counting tokens costs a tokenizer pass over the prompt: only when a rule can use it
        int promptTokens = auto || windowsConfigured ? tokens.countPrompt(exchange, request, null) : 0;
        exchange.setProperty(ExchangeProperties.PROMPT_TOKENS, promptTokens);
        exchange.setProperty(ExchangeProperties.USER_TEXT, lastUserText(request));
        exchange.setProperty(ExchangeProperties.AUTO_ROUTED, auto);
        exchange.setProperty(ExchangeProperties.TENANT_MODEL, servable(routing.getTenants().get(exchange.getIn().getHeader("x-gateway-tenant", String.class))));
        if (auto) {
            String task = taskClass(request, promptTokens);
            exchange.setProperty(ExchangeProperties.TASK_CLASS, task);
            exchange.setProperty(ExchangeProperties.TASK_MODEL, servable(routing.getTasks().get(task)));
            exchange.setProperty(ExchangeProperties.COST_TIER_MODEL,
                    servable(routing.getCostTiers().get(exchange.getIn().getHeader("x-gateway-cost-tier", String.class))));
        }
    }

    /** A selection rule matched: route to this model and remember which rule chose it. */
    public void choose(Exchange exchange, String model, String rule) {
        ChatRequest request = exchange.getIn().getBody(ChatRequest.class);
        if (catalog.model(model) == null) {
            throw new GatewayException(404, "invalid_request_error", "model_not_found", "model",
                    "The model '" + model + "' (chosen by routing rule '" + rule + "') does not exist or you do not have access to it.");
        }
        request.model = model;
        exchange.setProperty(ExchangeProperties.RULE, rule);
    }

    /** No selection rule matched: the caller's model stands, and {@code auto} becomes the default model. */
    public void keepRequested(Exchange exchange) {
        ChatRequest request = exchange.getIn().getBody(ChatRequest.class);
        if (Boolean.TRUE.equals(exchange.getProperty(ExchangeProperties.AUTO_ROUTED, Boolean.class))) {
            String fallback = routing.getDefaultModel() != null ? routing.getDefaultModel()
                    : catalog.models().stream().filter(catalog::isServable).map(Model::getName).findFirst().orElse(request.model);
            choose(exchange, fallback, "default");
        }
    }

    /** After resolve-model: what the chosen model can take, for the capability rules. */
    public void describeChosen(Exchange exchange) {
        Model model = catalog.model(exchange.getProperty(ExchangeProperties.MODEL, String.class));
        exchange.setProperty(ExchangeProperties.MODEL_VISION, model.can("vision"));
        exchange.setProperty(ExchangeProperties.MODEL_TOOLS, model.can("tools"));
        exchange.setProperty(ExchangeProperties.MODEL_WINDOW, model.getContextWindow());
    }

    /**
     * A capability rule matched (rule = vision, tools or context-window): move to a model that declares
     * everything this request needs, trying the current model's fallbacks first, then every model in
     * configuration order (for context-window: the smallest window that fits). None: stay.
     */
    public void upgrade(Exchange exchange, String rule) {
        Model current = catalog.model(exchange.getProperty(ExchangeProperties.MODEL, String.class));
        boolean images = Boolean.TRUE.equals(exchange.getProperty(ExchangeProperties.HAS_IMAGES, Boolean.class));
        boolean tools = Boolean.TRUE.equals(exchange.getProperty(ExchangeProperties.HAS_TOOLS, Boolean.class));
        int promptTokens = exchange.getProperty(ExchangeProperties.PROMPT_TOKENS, 0, Integer.class);
        List<Model> candidates = new ArrayList<>();
        current.getFallbacks().forEach(name -> candidates.add(catalog.model(name)));
        catalog.models().stream().filter(m -> !candidates.contains(m)).forEach(candidates::add);
        candidates.remove(current);
        List<Model> fitting = candidates.stream()
                .filter(catalog::isServable)
                .filter(m -> !images || m.getCapabilities().contains("vision"))
                .filter(m -> !tools || m.getCapabilities().contains("tools"))
                .filter(m -> m.getContextWindow() == 0 ? !"context-window".equals(rule) : m.getContextWindow() >= promptTokens)
                .toList();
        if (fitting.isEmpty()) {
            return;
        }
        Model next = "context-window".equals(rule)
                ? fitting.stream().min(Comparator.comparingInt(Model::getContextWindow)).orElseThrow()
                : fitting.get(0);
        exchange.getIn().getBody(ChatRequest.class).model = next.getName();
        catalog.use(exchange, next);
        exchange.setProperty(ExchangeProperties.RULE, rule);
    }

    String taskClass(ChatRequest request, int promptTokens) {
        String text = lastUserText(request);
        for (Map.Entry<String, Pattern> task : taskPatterns.entrySet()) {
            if (task.getValue().matcher(text).matches()) {
                return task.getKey();
            }
        }
        return promptTokens <= routing.getSimpleMaxTokens() ? "simple" : "general";
    }

    private String servable(String model) {
        return model != null && catalog.model(model) != null && catalog.isServable(catalog.model(model)) ? model : null;
    }

    private static String lastUserText(ChatRequest request) {
        for (int i = request.messages.size() - 1; i >= 0; i--) {
            ChatMessage m = request.messages.get(i);
            if ("user".equals(m.role)) {
                return m.text();
            }
        }
        return "";
    }

    private static boolean hasImages(ChatRequest request) {
        for (ChatMessage m : request.messages) {
            if (m.content != null && m.content.isArray()) {
                for (JsonNode part : m.content) {
                    if ("image_url".equals(part.path("type").asText()) || "input_image".equals(part.path("type").asText())) {
                        return true;
                    }
                }
            }
        }
        return false;
    }
}
