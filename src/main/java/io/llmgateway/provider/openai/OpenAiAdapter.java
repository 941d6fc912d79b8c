package io.llmgateway.provider.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmgateway.catalog.ModelCatalog;
import io.llmgateway.chat.ChatRequest;
import io.llmgateway.chat.ChatResponse;
import io.llmgateway.chat.Json;
import io.llmgateway.chat.StreamRequests;
import io.llmgateway.core.ExchangeProperties;
import io.llmgateway.core.GatewayProperties.Provider;
import io.llmgateway.error.GatewayException;
import io.llmgateway.provider.ProviderCalls;
import io.llmgateway.stream.ChatStream;
import io.llmgateway.stream.SseReader;
import java.io.IOException;
import org.apache.camel.Exchange;
import org.springframework.stereotype.Component;

/**
 * OpenAI and every OpenAI-compatible server: the canonical model is OpenAI's own shape, so the
 * request passes through (unknown fields included) with only the model name and the key changed.
 */
@Component("openAiAdapter")
public class OpenAiAdapter {

    private final ModelCatalog catalog;

    public OpenAiAdapter(ModelCatalog catalog) {
        this.catalog = catalog;
    }

    /** Canonical request -> the HTTP request body and headers for POST {base-url}/chat/completions. */
    public void toWire(Exchange exchange) {
        ChatRequest request = ProviderCalls.request(exchange);
        Provider provider = catalog.provider(exchange.getProperty(ExchangeProperties.PROVIDER, String.class));
        String alias = request.model;
        Boolean stream = request.stream;
        JsonNode streamOptions = request.streamOptions;
        boolean streaming = StreamRequests.upstream(exchange);
        request.model = exchange.getProperty(ExchangeProperties.UPSTREAM_MODEL, String.class);
        if (streaming) {
            // always ask for the final usage chunk, so usage is counted even when the caller did not ask for it
            request.streamOptions = (streamOptions != null && streamOptions.isObject()
                    ? ((ObjectNode) streamOptions).deepCopy() : Json.MAPPER.createObjectNode()).put("include_usage", true);
        } else if (Boolean.TRUE.equals(stream)) {
            // the caller streams, but the gateway reads this answer whole (its tool loop) and streams it later
            request.stream = null;
            request.streamOptions = null;
        }
        try {
            exchange.getIn().setBody(Json.write(request));
        } finally {
            request.model = alias;
            request.stream = stream;
            request.streamOptions = streamOptions;
        }
        ProviderCalls.jsonPost(exchange);
        if (streaming) {
            exchange.getIn().setHeader("Accept", "text/event-stream");
        }
        if (provider.hasApiKey()) {
            exchange.getIn().setHeader("Authorization", "Bearer " + provider.getApiKey());
        }
    }

    /** HTTP response -> canonical response, or the provider's error in OpenAI's shape tagged with the provider id. */
    public ChatResponse fromWire(Exchange exchange) {
        String providerId = exchange.getProperty(ExchangeProperties.PROVIDER, String.class);
        int status = ProviderCalls.status(exchange);
        byte[] body = ProviderCalls.body(exchange);
        if (status >= 200 && status < 300) {
            try {
                return Json.MAPPER.readValue(body, ChatResponse.class);
            } catch (IOException e) {
                throw ProviderCalls.invalidResponse(providerId);
            }
        }
        // keep the provider's wait hint (Retry-After, x-ratelimit-reset-*) with the error for retries
        throw error(providerId, status, body, catalog.provider(providerId)).withRetryAfter(ProviderCalls.retryAfter(exchange));
    }

    /**
     * Streaming branch: the 2xx event stream becomes a {@link ChatStream} whose first chunk is read
     * here, so a failure before anything reached the caller is still an ordinary error. A server
     * that ignored "stream" and answered with JSON is replayed as chunks.
     */
    public ChatStream fromWireStream(Exchange exchange) {
        String providerId = exchange.getProperty(ExchangeProperties.PROVIDER, String.class);
        return ProviderCalls.openStream(exchange, () -> fromWire(exchange),
                body -> new OpenAiSseSource(new SseReader(body, catalog.provider(providerId).getMaxEventSize().toBytes()), providerId));
    }

    public static GatewayException error(String providerId, int status, byte[] body, Provider provider) {
        String message = null;
        String type = status >= 500 ? "server_error" : "invalid_request_error";
        String code = null;
        String param = null;
        try {
            JsonNode error = Json.MAPPER.readTree(body).path("error");
            if (error.isObject()) {
                message = error.path("message").asText(null);
                type = error.path("type").asText(type);
                code = error.hasNonNull("code") ? error.get("code").asText() : null;
                param = error.hasNonNull("param") ? error.get("param").asText() : null;
            } else if (error.isTextual()) {
                message = error.asText();
            }
        } catch (IOException | RuntimeException ignored) {
            // Not JSON (a proxy's HTML page, say): fall back to the status alone.
        }
        return ProviderCalls.providerError(providerId, status, type, code, param, message, provider);
    }
}
