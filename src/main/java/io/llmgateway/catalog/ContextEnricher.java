package io.llmgateway.catalog;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.llmgateway.catalog.ModelCatalog;
import io.llmgateway.chat.ChatMessage;
import io.llmgateway.chat.ChatRequest;
import io.llmgateway.chat.Json;
import io.llmgateway.core.ExchangeProperties;
import io.llmgateway.core.GatewayProperties.Model;
import io.llmgateway.core.GatewayProperties.SystemPromptMode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.camel.Exchange;
import org.springframework.stereotype.Component;

/** Adds the model alias's context to a request: its system prompt and its default parameters. */
@Component("contextEnricher")
public class ContextEnricher {

    private final ModelCatalog catalog;

    public ContextEnricher(ModelCatalog catalog) {
        this.catalog = catalog;
    }

    public void enrich(Exchange exchange) {
        ChatRequest request = exchange.getIn().getBody(ChatRequest.class);
        Model model = catalog.model(exchange.getProperty(ExchangeProperties.MODEL, String.class));
        if (model == null) {
            return;
        }
        if (model.getSystemPrompt() != null && !model.getSystemPrompt().isBlank()) {
            addSystemPrompt(request, model.getSystemPrompt(), model.getSystemPromptMode());
        }
        if (!model.getDefaults().isEmpty()) {
            applyDefaults(request, model.getDefaults());
        }
    }

    static void addSystemPrompt(ChatRequest request, String prompt, SystemPromptMode mode) {
        List<ChatMessage> messages = new ArrayList<>(request.messages);
        if (mode == SystemPromptMode.MERGE) {
            for (ChatMessage message : messages) {
                if (message.isSystem()) {
                    message.content = TextNode.valueOf(prompt + "\n\n" + message.text());
                    request.messages = messages;
                    return;
                }
            }
        }
        messages.add(0, new ChatMessage("system", prompt));
        request.messages = messages;
    }

    /** Fills in each default the caller did not set; the caller's own values always win. */
    static void applyDefaults(ChatRequest request, Map<String, Object> defaults) {
        ObjectNode current = Json.MAPPER.valueToTree(request);
        ObjectNode missing = Json.MAPPER.createObjectNode();
        defaults.forEach((field, value) -> {
            JsonNode present = current.get(field);
            if (present == null || present.isNull()) {
                missing.set(field, Json.MAPPER.valueToTree(value));
            }
        });
        if (missing.isEmpty()) {
            return;
        }
        try {
            Json.MAPPER.readerForUpdating(request).readValue(missing);
        } catch (IOException e) {
            throw new UncheckedIOException("Invalid defaults for model " + request.model, e);
        }
    }
}
