package io.llmgateway.door;

import io.llmgateway.auth.GatewayKeys;
import io.llmgateway.chat.RequestIds;
import io.llmgateway.core.ExchangeProperties;
import io.llmgateway.http.DoorApi;
import io.llmgateway.usage.RequestLog;
import jakarta.servlet.http.HttpServletRequest;
import org.apache.camel.Exchange;
import org.apache.camel.component.platform.http.springboot.PlatformHttpMessage;
import org.springframework.stereotype.Component;

/**
 * The door-in step every door route starts with (routes/doors.camel.yaml): the request id, door,
 * API, gateway key and tenant on the exchange, where the pipeline, the reply and door-out read them.
 * Over HTTP they come from the door filter, which already checked the key; the WebSocket, Kafka and
 * file doors set what they know (their own trust model) and door-in fills in the rest.
 */
@Component("doors")
public class Doors {

    private final RequestLog requestLog;

    public Doors(RequestLog requestLog) {
        this.requestLog = requestLog;
    }

    public void enter(Exchange exchange) {
        HttpServletRequest request = exchange.getIn() instanceof PlatformHttpMessage http ? http.getRequest() : null;
        if (request != null) {
            request.setAttribute(DoorRequest.ENTERED, Boolean.TRUE);
            exchange.setProperty(ExchangeProperties.SERVLET_REQUEST, request);
            DoorApi api = (DoorApi) request.getAttribute(DoorRequest.API);
            exchange.setProperty(ExchangeProperties.DOOR, api.door());
            exchange.setProperty(ExchangeProperties.API, api.label());
            exchange.setProperty(ExchangeProperties.REQUEST_ID, request.getAttribute(DoorRequest.REQUEST_ID));
            exchange.setProperty(ExchangeProperties.KEY, request.getAttribute(DoorRequest.KEY));
            exchange.setProperty(ExchangeProperties.TENANT, request.getAttribute(DoorRequest.TENANT));
        }
        if (exchange.getProperty(ExchangeProperties.DOOR) == null) {
            exchange.setProperty(ExchangeProperties.DOOR, doorOf(exchange));
        }
        if (exchange.getProperty(ExchangeProperties.REQUEST_ID) == null) {
            exchange.setProperty(ExchangeProperties.REQUEST_ID, RequestIds.newId());
        }
        if (exchange.getProperty(ExchangeProperties.TENANT) == null) {
            exchange.setProperty(ExchangeProperties.TENANT, GatewayKeys.ANONYMOUS);
        }
        if (exchange.getProperty(ExchangeProperties.API) == null) {
            exchange.setProperty(ExchangeProperties.API, "chat");
        }
    }

    /** The door a Kafka record or a batch line came in by: the component that made the exchange. */
    private static String doorOf(Exchange exchange) {
        String scheme = exchange.getFromEndpoint() == null ? "" : exchange.getFromEndpoint().getEndpointUri();
        if (scheme.startsWith("kafka:")) {
            return "kafka";
        }
        if (scheme.startsWith("file:")) {
            return "file";
        }
        throw new IllegalStateException("direct:door-in cannot tell the door of an exchange from " + scheme
                + "; a new door sets exchange property " + ExchangeProperties.DOOR + " before door-in");
    }

    /**
     * The door-out step, on success and on every error path: the request's metrics and log line (for a
     * stream, once it ends), and the mark that tells the door filter this request has its line.
     */
    public void leave(Exchange exchange) {
        HttpServletRequest request = exchange.getProperty(ExchangeProperties.SERVLET_REQUEST, HttpServletRequest.class);
        if (request != null) {
            request.setAttribute(DoorRequest.RECORDED, Boolean.TRUE);
        }
        requestLog.record(exchange);
    }
}
