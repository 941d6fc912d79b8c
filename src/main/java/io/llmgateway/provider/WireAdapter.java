package io.llmgateway.provider;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmgateway.catalog.ModelCatalog;
import io.llmgateway.chat.ChatRequest;
import io.llmgateway.chat.ChatResponse;
import io.llmgateway.chat.Json;
import io.llmgateway.error.GatewayException;
import io.llmgateway.stream.ChatStream;
import io.llmgateway.stream.ChunkSource;
import io.llmgateway.stream.UpstreamBody;
import java.io.IOException;
import java.util.Map;
import org.apache.camel.Exchange;
import org.apache.camel.Message;

/**
 * The shape every native adapter shares. A subclass is three pure translations: canonical
 * request -> {@link WireRequest}, vendor answer -> canonical response, vendor error -> a
 * {@link GatewayException}. This class does the exchange plumbing around them, so each vendor
 * package reads as its mapping only and golden tests can call the translations directly.
 */
public abstract class WireAdapter {

    protected final ModelCatalog catalog;

    protected WireAdapter(ModelCatalog catalog) {
        this.catalog = catalog;
    }

    /** Canonical request -> the wire request. Throws 400 (via {@link Target#unsupported}) for what the vendor cannot serve. */
    public abstract WireRequest request(ChatRequest request, Target target);

    /** The vendor's 2xx answer -> the canonical response. */
    public abstract ChatResponse response(JsonNode body, ChatRequest request, Target target);

    /** The vendor's error answer -> a GatewayException with the original status and the provider id. */
    public abstract GatewayException error(int status, JsonNode body, Map<String, Object> headers, Target target);

    /** Route step before the HTTP endpoint: writes body and headers (the template removed all others). */
    public void toWire(Exchange exchange) {
        ChatRequest request = ProviderCalls.request(exchange);
        Target target = Target.of(exchange, catalog);
        WireRequest wire = request(request, target);
        sign(exchange, wire, put(exchange, wire), target);
    }

    /** Writes a vendor request onto the exchange (body, method, path, query, headers); returns the body bytes. */
    static byte[] put(Exchange exchange, WireRequest wire) {
        byte[] body = Json.write(wire.body());
        Message in = exchange.getIn();
        in.setBody(body);
        ProviderCalls.jsonPost(exchange);
        if (wire.path() != null) {
            in.setHeader(Exchange.HTTP_PATH, wire.path());
        }
        if (wire.query() != null) {
            in.setHeader(Exchange.HTTP_QUERY, wire.query());
        }
        wire.headers().forEach(in::setHeader);
        return body;
    }

    /** How a vendor's error answer becomes a GatewayException (each adapter's {@code error}). */
    interface VendorErrors {
        GatewayException error(int status, JsonNode body, Map<String, Object> headers, Target target);
    }

    /** The vendor's 2xx answer as a JSON object; its error answer (or an unreadable 2xx) thrown. */
    static JsonNode take(Exchange exchange, Target target, VendorErrors errors) {
        int status = ProviderCalls.status(exchange);
        ProviderCalls.keepRateLimitHints(exchange);
        byte[] body = ProviderCalls.body(exchange);
        JsonNode tree = null;
        try {
            tree = body.length == 0 ? null : Json.MAPPER.readTree(body);
        } catch (IOException e) {
            if (status >= 200 && status < 300) {
                throw ProviderCalls.invalidResponse(target.providerId());
            }
            // an error page that is not JSON (a proxy's HTML): the status alone speaks
        }
        if (status < 200 || status >= 300) {
            throw errors.error(status, tree, exchange.getIn().getHeaders(), target);
        }
        if (tree == null || !tree.isObject()) {
            throw ProviderCalls.invalidResponse(target.providerId());
        }
        return tree;
    }

    /** Hook for vendors whose requests must be signed over the final bytes (AWS SigV4). */
    protected void sign(Exchange exchange, WireRequest wire, byte[] body, Target target) {
    }

    /** Route step after the HTTP endpoint: the canonical response, or the vendor's error thrown. */
    public ChatResponse fromWire(Exchange exchange) {
        Target target = Target.of(exchange, catalog);
        JsonNode tree = take(exchange, target, this::error);
        try {
            return response(tree, ProviderCalls.request(exchange), target);
        } catch (GatewayException e) {
            throw e;
        } catch (RuntimeException e) {
            throw ProviderCalls.invalidResponse(target.providerId());
        }
    }

    /**
     * Streaming branch's step after the HTTP endpoint: the vendor's 2xx event stream read into a
     * {@link ChatStream} whose first chunk is read here, so a failure before anything reached the
     * caller is still an ordinary error (and can fall over). An error answer, or a whole JSON answer
     * from a server that ignored the stream request, goes the {@link #fromWire} way.
     */
    public ChatStream fromWireStream(Exchange exchange) {
        return ProviderCalls.openStream(exchange, () -> fromWire(exchange), body -> {
            ProviderCalls.keepRateLimitHints(exchange);
            return chunks(body, ProviderCalls.request(exchange), Target.of(exchange, catalog));
        });
    }

    /**
     * The vendor's event stream -> canonical chunks, read as they arrive. Kinds whose template has a
     * streaming branch override this; the source ends cleanly only when the vendor said it finished.
     */
    protected ChunkSource chunks(UpstreamBody body, ChatRequest request, Target target) {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " does not stream");
    }

    /** The error body's message, or null: for vendors whose error is {"error":{"message":...}}. */
    protected static String text(JsonNode node) {
        return node == null || node.isMissingNode() || node.isNull() ? null : node.asText();
    }

    /** OpenAI's error type for a status, for vendors whose error bodies carry none. */
    protected static String typeFor(int status) {
        return switch (status) {
            case 401 -> "authentication_error";
            case 403 -> "permission_error";
            case 404 -> "not_found_error";
            case 429 -> "rate_limit_error";
            default -> status >= 500 ? "server_error" : "invalid_request_error";
        };
    }
}
