package io.llmgateway.responsesdoor;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmgateway.chat.ChatResponse;
import io.llmgateway.chat.Json;
import io.llmgateway.chat.StreamRequests;
import io.llmgateway.core.ExchangeProperties;
import io.llmgateway.error.GatewayException;
import io.llmgateway.stream.ChatStream;
import io.llmgateway.stream.EncodedStreamBody;
import io.llmgateway.stream.StreamBodies;
import io.llmgateway.tenant.CallerTenants;
import io.llmgateway.usage.TokenUsage;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.camel.Exchange;
import org.springframework.stereotype.Component;

/**
 * Writes the Responses door's answers (a Response object or its event stream) and keeps them when
 * the caller asked for store; serves GET /v1/responses/{id}, its input_items, and DELETE, for the
 * tenant that created the response only (404 for anyone else). Errors are the HTTP door's
 * (openAiHttp.error): OpenAI's error JSON.
 */
@Component("responsesHttp")
public class ResponsesHttp {

    private final ResponseStore store;
    private final StreamBodies streams;

    public ResponsesHttp(ResponseStore store, StreamBodies streams) {
        this.store = store;
        this.streams = streams;
    }

    /**
     * The answer to a request that came in on /v1/responses: its event stream when the caller asked
     * for one ("stream": true), else the whole Response. One step of http-reply's, not a route of its own.
     */
    public void reply(Exchange exchange) {
        if (StreamRequests.requested(exchange)) {
            sse(exchange);
        } else {
            json(exchange);
        }
    }

    /** The whole canonical answer as a Response. */
    private void json(Exchange exchange) {
        ResponseDraft draft = draft(exchange);
        // written once, straight from the typed answer: the same bytes are the reply and what the store keeps
        byte[] body = ResponseObjects.fromChat(draft, exchange.getIn().getBody(ChatResponse.class),
                exchange.getProperty(ExchangeProperties.USAGE, TokenUsage.class));
        keep(draft, body);
        exchange.getIn().setBody(body);
        exchange.getIn().setHeader(Exchange.CONTENT_TYPE, "application/json");
    }

    /** "stream": true: the typed Responses event stream, written event by event as the provider sends. */
    private void sse(Exchange exchange) {
        ResponseDraft draft = draft(exchange);
        ChatStream stream = streams.of(exchange);
        // the usage recorder has set it by the time the stream ends (it listens to the same end)
        ResponsesEventEncoder encoder = new ResponsesEventEncoder(draft,
                () -> exchange.getProperty(ExchangeProperties.USAGE, TokenUsage.class),
                response -> keep(draft, response));
        exchange.getIn().setBody(new EncodedStreamBody(stream, encoder));
        exchange.getIn().setHeader(Exchange.CONTENT_TYPE, "text/event-stream; charset=utf-8");
        exchange.getIn().setHeader("Cache-Control", "no-cache");
        exchange.getIn().setHeader("X-Accel-Buffering", "no");
    }

    /** GET /v1/responses/{id}. */
    public void retrieve(Exchange exchange) {
        exchange.getIn().setBody(stored(exchange).response());
        exchange.getIn().setHeader(Exchange.CONTENT_TYPE, "application/json");
    }

    /** GET /v1/responses/{id}/input_items: OpenAI's list page; order (default desc), limit (1-100, default 20), after. */
    public void inputItems(Exchange exchange) {
        ArrayNode items = (ArrayNode) read(stored(exchange).input());
        String order = exchange.getIn().getHeader("order", "desc", String.class);
        if (!"asc".equals(order) && !"desc".equals(order)) {
            throw ResponsesRequests.invalid("order", "invalid_value", "Invalid value for 'order': expected 'asc' or 'desc'.");
        }
        int limit = limit(exchange.getIn().getHeader("limit", String.class));
        String after = exchange.getIn().getHeader("after", String.class);
        ArrayNode ordered = Json.MAPPER.createArrayNode();
        for (int i = 0; i < items.size(); i++) {
            ordered.add(items.get("asc".equals(order) ? i : items.size() - 1 - i));
        }
        int from = 0;
        if (after != null) {
            while (from < ordered.size() && !after.equals(ordered.get(from).path("id").asText())) {
                from++;
            }
            from++;
        }
        ObjectNode page = Json.MAPPER.createObjectNode().put("object", "list");
        ArrayNode data = page.putArray("data");
        for (int i = from; i < ordered.size() && data.size() < limit; i++) {
            data.add(ordered.get(i));
        }
        page.set("first_id", data.isEmpty() ? null : data.get(0).get("id"));
        page.set("last_id", data.isEmpty() ? null : data.get(data.size() - 1).get("id"));
        page.put("has_more", from + data.size() < ordered.size());
        exchange.getIn().setBody(Json.write(page));
        exchange.getIn().setHeader(Exchange.CONTENT_TYPE, "application/json");
    }

    /** DELETE /v1/responses/{id}. */
    public void delete(Exchange exchange) {
        String id = exchange.getIn().getHeader("id", String.class);
        if (!store.delete(id, CallerTenants.of(exchange))) {
            throw notFound(id);
        }
        ObjectNode deleted = Json.MAPPER.createObjectNode().put("id", id).put("object", "response").put("deleted", true);
        exchange.getIn().setBody(Json.write(deleted));
        exchange.getIn().setHeader(Exchange.CONTENT_TYPE, "application/json");
    }

    private StoredResponse stored(Exchange exchange) {
        String id = exchange.getIn().getHeader("id", String.class);
        return store.get(id, CallerTenants.of(exchange)).orElseThrow(() -> notFound(id));
    }

    private void keep(ResponseDraft draft, byte[] response) {
        if (draft.store) {
            store.put(new StoredResponse(draft.id, draft.tenant, response, Json.write(draft.input()),
                    Json.write(draft.history())));
        }
    }

    private static ResponseDraft draft(Exchange exchange) {
        ResponseDraft draft = exchange.getProperty(ExchangeProperties.RESPONSE_DRAFT, ResponseDraft.class);
        // the model alias that answered (routing rules may have chosen it for "auto")
        String model = exchange.getProperty(ExchangeProperties.MODEL, String.class);
        if (model != null) {
            draft.model = model;
        }
        return draft;
    }

    private static int limit(String value) {
        if (value == null) {
            return 20;
        }
        try {
            int limit = Integer.parseInt(value.strip());
            if (limit >= 1 && limit <= 100) {
                return limit;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw ResponsesRequests.invalid("limit", "invalid_value", "Invalid value for 'limit': expected an integer from 1 to 100.");
    }

    private static GatewayException notFound(String id) {
        return new GatewayException(404, "invalid_request_error", "not_found", null,
                "Response with id '" + id + "' not found.");
    }

    private static JsonNode read(byte[] json) {
        try {
            return Json.MAPPER.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException("A stored response is not JSON", e);
        }
    }
}
