package io.llmgateway.provider;

import io.llmgateway.catalog.GatewayProperties.Provider;
import io.llmgateway.catalog.ModelCatalog;
import io.llmgateway.chat.ChatRequest;
import io.llmgateway.error.GatewayException;
import java.io.IOException;
import java.io.InputStream;
import org.apache.camel.Exchange;

/** What every HTTP provider adapter does the same way: the request it translates, status, body, errors. */
public final class ProviderCalls {

    /** The canonical request travels in this property while the body holds wire bytes. */
    public static final String REQUEST = "gatewayRequest";

    private ProviderCalls() {
    }

    /** The canonical request: the body on the first call, the saved copy when the body is already wire bytes. */
    public static ChatRequest request(Exchange exchange) {
        Object body = exchange.getIn().getBody();
        if (body instanceof ChatRequest request) {
            exchange.setProperty(REQUEST, request);
            return request;
        }
        return exchange.getProperty(REQUEST, ChatRequest.class);
    }

    public static void jsonPost(Exchange exchange) {
        exchange.getIn().setHeader(Exchange.HTTP_METHOD, "POST");
        exchange.getIn().setHeader(Exchange.CONTENT_TYPE, "application/json");
        exchange.getIn().setHeader("Accept", "application/json");
    }

    public static int status(Exchange exchange) {
        Integer status = exchange.getIn().getHeader(Exchange.HTTP_RESPONSE_CODE, Integer.class);
        return status == null ? 200 : status;
    }

    public static byte[] body(Exchange exchange) {
        Object body = exchange.getIn().getBody();
        if (body == null) {
            return new byte[0];
        }
        if (body instanceof byte[] bytes) {
            return bytes;
        }
        if (body instanceof InputStream in) {
            try (in) {
                return in.readAllBytes();
            } catch (IOException e) {
                String providerId = exchange.getProperty(ModelCatalog.PROVIDER, String.class);
                throw new GatewayException(502, "provider_error", "provider_unreachable", null,
                        "Provider '" + providerId + "' broke off its response", providerId, e);
            }
        }
        byte[] bytes = exchange.getIn().getBody(byte[].class);
        return bytes == null ? new byte[0] : bytes;
    }

    public static GatewayException invalidResponse(String providerId) {
        return new GatewayException(502, "provider_error", "invalid_provider_response", null,
                "Provider '" + providerId + "' returned a response the gateway could not read", providerId, null);
    }

    /** An upstream error answer, keeping the provider's status and words, minus any secret it echoed. */
    public static GatewayException providerError(String providerId, int status, String type, String code,
                                                 String param, String message, Provider provider) {
        String text = message == null || message.isBlank() ? "HTTP " + status : redact(message, provider);
        return new GatewayException(status, type, code, param,
                "Provider '" + providerId + "' returned " + status + ": " + text, providerId, null);
    }

    static String redact(String message, Provider provider) {
        if (provider != null && provider.hasApiKey() && provider.getApiKey().length() >= 4) {
            return message.replace(provider.getApiKey(), "[redacted]");
        }
        return message;
    }
}
