package io.llmgateway.websocket;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmgateway.chat.Json;
import io.llmgateway.core.ExchangeProperties;
import io.llmgateway.door.DoorHandshake;
import io.llmgateway.error.GatewayException;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.camel.ProducerTemplate;
import org.springframework.stereotype.Component;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.SubProtocolCapable;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.handler.ConcurrentWebSocketSessionDecorator;
import org.springframework.web.socket.handler.TextWebSocketHandler;

/**
 * Takes {@code {"type":"chat", ...chat request...}} frames and hands each to route ws-chat
 * (routes/websocket-door.camel.yaml) on a virtual thread of its own, so one socket can run
 * several chats and a long answer never blocks the socket's reader. The route writes the
 * chunk / complete / error frames back ({@link WebSocketChat}). At most
 * gateway.websocket.max-in-flight chats run per socket; a frame beyond that is answered with an
 * error frame at once. Each chat runs as the caller the handshake authenticated (door/DoorHandshake).
 */
@Component
public class ChatWebSocketHandler extends TextWebSocketHandler implements SubProtocolCapable {

    private static final String IN_FLIGHT = "gatewayWebSocketInFlight";
    private static final int SEND_TIME_LIMIT_MILLIS = 10_000;
    private static final int BUFFER_LIMIT_BYTES = 1 << 20;

    private final ProducerTemplate producer;
    private final int maxInFlight;

    public ChatWebSocketHandler(ProducerTemplate producer, WebSocketProperties properties) {
        this.producer = producer;
        this.maxInFlight = properties.getMaxInFlight();
    }

    /** Selected when a browser offers it beside gateway-key.<key>: a browser drops a socket whose offer got no answer. */
    @Override
    public List<String> getSubProtocols() {
        return List.of(DoorHandshake.protocol());
    }

    @Override
    protected void handleTextMessage(WebSocketSession session, TextMessage message) {
        WebSocketSession out = session instanceof ConcurrentWebSocketSessionDecorator ? session
                : (WebSocketSession) session.getAttributes().computeIfAbsent(ExchangeProperties.WEBSOCKET_SESSION,
                        k -> new ConcurrentWebSocketSessionDecorator(session, SEND_TIME_LIMIT_MILLIS, BUFFER_LIMIT_BYTES));
        JsonNode frame;
        try {
            frame = Json.MAPPER.readTree(message.getPayload());
        } catch (IOException e) {
            WebSocketChat.send(out, WebSocketChat.errorFrame(null, GatewayException.invalidRequest(null, "invalid_json",
                    "The frame is not JSON; expected {\"type\":\"chat\", ...a chat completion request...}.")));
            return;
        }
        String id = frame.path("id").asText(null);
        if (!frame.isObject() || !"chat".equals(frame.path("type").asText())) {
            WebSocketChat.send(out, WebSocketChat.errorFrame(id, GatewayException.invalidRequest("type", "invalid_value",
                    "Unknown frame type; expected {\"type\":\"chat\", ...a chat completion request...}.")));
            return;
        }
        ObjectNode request = ((ObjectNode) frame).deepCopy();
        request.remove("type");
        request.remove("id");
        if (!request.has("stream")) {
            request.put("stream", true); // a socket exists to receive the answer as it is written
        }
        AtomicInteger inFlight = (AtomicInteger) session.getAttributes().computeIfAbsent(IN_FLIGHT, k -> new AtomicInteger());
        if (inFlight.incrementAndGet() > maxInFlight) {
            inFlight.decrementAndGet();
            WebSocketChat.send(out, WebSocketChat.errorFrame(id, new GatewayException(429, "requests", "too_many_in_flight", null,
                    "This socket already has " + maxInFlight + " chats running; wait for one to complete.")));
            return;
        }
        Map<String, Object> caller = session.getAttributes();
        Thread.ofVirtual().name("ws-chat").start(() -> {
            try {
                producer.send("direct:ws-chat", exchange -> {
                    exchange.getIn().setBody(Json.write(request));
                    exchange.setProperty(ExchangeProperties.WEBSOCKET_SESSION, out);
                    exchange.setProperty(ExchangeProperties.WEBSOCKET_FRAME_ID, id);
                    exchange.setProperty(ExchangeProperties.DOOR, "websocket");
                    exchange.setProperty(ExchangeProperties.KEY, caller.get(DoorHandshake.KEY));
                    exchange.setProperty(ExchangeProperties.TENANT, caller.get(DoorHandshake.TENANT));
                });
            } finally {
                inFlight.decrementAndGet();
            }
        });
    }

    @Override
    public void afterConnectionClosed(WebSocketSession session, CloseStatus status) {
        session.getAttributes().remove(ExchangeProperties.WEBSOCKET_SESSION);
    }
}
