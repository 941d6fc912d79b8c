package io.llmgateway.routing;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmgateway.catalog.ModelCatalog;
import io.llmgateway.chat.ChatMessage;
import io.llmgateway.chat.ChatRequest;
import io.llmgateway.core.ExchangeProperties;
import io.llmgateway.core.GatewayProperties.Model;
import io.llmgateway.error.GatewayException;
import io.llmgateway.usage.TokenCounter;
import org.apache.camel.Exchange;
import org.springframework.stereotype.Component;

/**
 * Refuses, before any upstream call, what the chosen model is configured not to serve
 * ({@code capabilities: [vision, tools, json]}, {@code context-window}): images to a model without
 * vision, tools to one without tools, JSON output to one without json, prompts longer than its
 * context window. A model with no capabilities listed is assumed capable (the vendor decides).
 * Runs after routing-rules, so a rule may first move a request to a model that can serve it.
 */
@Component("capabilityCheck")
public class CapabilityCheck {

    private final ModelCatalog catalog;
    private final TokenCounter tokens;

    public CapabilityCheck(ModelCatalog catalog, TokenCounter tokens) {
        this.catalog = catalog;
        this.tokens = tokens;
    }

    public void check(Exchange exchange) {
        ChatRequest request = exchange.getIn().getBody(ChatRequest.class);
        Model model = catalog.model(exchange.getProperty(ExchangeProperties.MODEL, String.class));
        if (model == null) {
            return;
        }
        if (!model.can("vision")) {
            String image = firstImage(request);
            if (image != null) {
                throw unsupported(model, image, "images (vision)");
            }
        }
        if (!model.can("tools") && request.tools != null && !request.tools.isEmpty()) {
            throw unsupported(model, "tools", "tools (function calling)");
        }
        if (!model.can("json") && request.responseFormat != null
                && !"text".equals(request.responseFormat.path("type").asText("text"))) {
            throw unsupported(model, "response_format", "response_format " + request.responseFormat.path("type").asText());
        }
        if (model.getContextWindow() > 0) {
            int prompt = tokens.countPrompt(exchange, request, null);
            Integer output = request.outputLimit();
            int total = prompt + (output == null ? 0 : output);
            if (total > model.getContextWindow()) {
                throw new GatewayException(400, "invalid_request_error", "context_length_exceeded", "messages",
                        "This model's maximum context length is " + model.getContextWindow() + " tokens. However, you requested about "
                                + total + " tokens (" + prompt + " in the messages" + (output == null ? "" : ", " + output
                                + " in the completion") + "). Please reduce the length of the messages or completion.");
            }
        }
    }

    private static String firstImage(ChatRequest request) {
        for (int i = 0; i < request.messages.size(); i++) {
            ChatMessage message = request.messages.get(i);
            if (message.content != null && message.content.isArray()) {
                for (int p = 0; p < message.content.size(); p++) {
                    JsonNode part = message.content.get(p);
                    if ("image_url".equals(part.path("type").asText())) {
                        return "messages[" + i + "].content[" + p + "]";
                    }
                }
            }
        }
        return null;
    }

    private static GatewayException unsupported(Model model, String param, String feature) {
        return new GatewayException(400, "invalid_request_error", "unsupported_feature", param,
                "Model '" + model.getName() + "' (provider '" + model.getProvider() + "') does not support " + feature + ".");
    }
}
