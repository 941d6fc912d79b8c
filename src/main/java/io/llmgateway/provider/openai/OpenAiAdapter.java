package io.llmgateway.provider.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmgateway.catalog.ModelCatalog;
import io.llmgateway.chat.ChatRequest;
import io.llmgateway.chat.ChatResponse;
import io.llmgateway.chat.Json;
import io.llmgateway.core.GatewayProperties.Provider;
import io.llmgateway.error.GatewayException;
import io.llmgateway.provider.ProviderCalls;
import io.llmgateway.provider.Target;
import io.llmgateway.provider.WireAdapter;
import io.llmgateway.provider.WireRequest;
import io.llmgateway.stream.ChunkSource;
import io.llmgateway.stream.SseReader;
import io.llmgateway.stream.UpstreamBody;
import java.io.IOException;
import java.util.Map;
import org.apache.camel.Exchange;
import org.springframework.stereotype.Component;

/**
 * OpenAI and every OpenAI-compatible server: the canonical model is OpenAI's own shape, so the
 * request passes through (unknown fields included) with only the model name, the stream options
 * and the key changed, on a copy: the request the pipeline keeps stays as the caller sent it.
 */
@Component("openAiAdapter")
public class OpenAiAdapter extends WireAdapter {

    public OpenAiAdapter(ModelCatalog catalog) {
        super(catalog);
    }

    /** Canonical request -> the body and headers for POST {base-url}/chat/completions. */
    @Override
    public WireRequest request(ChatRequest request, Target target) {
        ChatRequest body = request.shallowCopy();
        body.model = target.upstreamModel();
        if (target.stream()) {
            // always ask for the final usage chunk, so usage is counted even when the caller did not ask for it
            body.streamOptions = (request.streamOptions != null && request.streamOptions.isObject()
                    ? ((ObjectNode) request.streamOptions).deepCopy() : Json.MAPPER.createObjectNode()).put("include_usage", true);
        } else if (request.isStream()) {
            // the caller streams, but the gateway reads this answer whole (its tool loop) and streams it later
            body.stream = null;
            body.streamOptions = null;
        }
        Provider provider = target.provider();
        WireRequest wire = new WireRequest(body).header("Authorization", provider.hasApiKey() ? "Bearer " + provider.getApiKey() : null);
        if (target.stream()) {
            wire.header("Accept", "text/event-stream");
        }
        return wire;
    }

    @Override
    public ChatResponse response(JsonNode body, ChatRequest request, Target target) {
        try {
            return Json.MAPPER.treeToValue(body, ChatResponse.class);
        } catch (IOException e) {
            throw ProviderCalls.invalidResponse(target.providerId());
        }
    }

    /**
     * A 2xx answer is already the canonical shape, so it is bound straight from its bytes: no JSON
     * tree in between on the busiest kind's path. Error answers go the shared way.
     */
    @Override
    public ChatResponse fromWire(Exchange exchange) {
        int status = ProviderCalls.status(exchange);
        if (status < 200 || status >= 300) {
            return super.fromWire(exchange);
        }
        ProviderCalls.keepRateLimitHints(exchange);
        ChatResponse response = null;
        try {
            response = Json.MAPPER.readValue(ProviderCalls.body(exchange), ChatResponse.class);
        } catch (IOException | RuntimeException e) {
            // unreadable: the same invalid-response error as any kind's below
        }
        if (response == null) {
            throw ProviderCalls.invalidResponse(Target.of(exchange, catalog).providerId());
        }
        return response;
    }

    /** OpenAI's event stream of chat.completion.chunk objects, ended by [DONE]. */
    @Override
    protected ChunkSource chunks(UpstreamBody body, ChatRequest request, Target target) {
        return new OpenAiSseSource(new SseReader(body, target.provider().getMaxEventSize().toBytes()), target.providerId());
    }

    /** The provider's error in OpenAI's shape, with its wait hint (Retry-After, x-ratelimit-reset-*) for retries. */
    @Override
    public GatewayException error(int status, JsonNode body, Map<String, Object> headers, Target target) {
        return error(target.providerId(), status, body, target.provider()).withRetryAfter(ProviderCalls.retryAfter(headers));
    }

    /** OpenAI's error body ({"error": {"message", "type", "code", "param"}}) as the gateway's error; null body: the status alone. */
    public static GatewayException error(String providerId, int status, JsonNode body, Provider provider) {
        String message = null;
        String type = status >= 500 ? "server_error" : "invalid_request_error";
        String code = null;
        String param = null;
        JsonNode error = body == null ? null : body.path("error");
        if (error != null && error.isObject()) {
            message = error.path("message").asText(null);
            type = error.path("type").asText(type);
            code = error.hasNonNull("code") ? error.get("code").asText() : null;
            param = error.hasNonNull("param") ? error.get("param").asText() : null;
        } else if (error != null && error.isTextual()) {
            message = error.asText();
        }
        return ProviderCalls.providerError(providerId, status, type, code, param, message, provider);
    }
}
