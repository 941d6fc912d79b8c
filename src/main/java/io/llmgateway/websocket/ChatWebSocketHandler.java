package io.llmgateway.websocket;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmgateway.chat.Json;
import io.llmgateway.error.GatewayException;
import java.io.IOException;
import org.apache.camel.ProducerTemplate;
import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Component;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.handler.ConcurrentWebSocketSessionDecorator;
import org.springframework.web.socket.handler.TextWebSocketHandler;

/**
 * Takes {@code {"type":"chat", ...chat request...}} frames and hands each to route ws-chat
 * (routes/websocket-door.camel.yaml) on a virtual thread of its own, so one socket can run
 * several chats and a long answer never blocks the socket's reader. The route writes the
 * chunk / complete / error frames back ({@link WebSocketChat}).
 */
@Component
public class ChatWebSocketHandler extends TextWebSocketHandler {

    static final String SESSION = "gatewayWebSocketSession";
    private static final int SEND_TIME_LIMIT_MILLIS = 10_000;
    private static final int BUFFER_LIMIT_BYTES = 1 << 20;

    private final ProducerTemplate producer;

    public ChatWebSocketHandler(ProducerTemplate producer) {
        this.producer = producer;
    }

    @Override
    protected void handleTextMessage(WebSocketSession session, TextMessage message) {
        WebSocketSession out = session instanceof ConcurrentWebSocketSessionDecorator ? session
                : (WebSocketSession) session.getAttributes().computeIfAbsent(SESSION,
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
        HttpHeaders handshake = session.getHandshakeHeaders();
        Thread.ofVirtual().name("ws-chat").start(() -> producer.send("direct:ws-chat", exchange -> {
            exchange.getIn().setBody(Json.write(request));
            exchange.setProperty(SESSION, out);
            exchange.setProperty(WebSocketChat.FRAME_ID, id);
            copy(handshake, "Authorization", exchange.getIn());
            copy(handshake, "x-api-key", exchange.getIn());
        }));
    }

    private static void copy(HttpHeaders headers, String name, org.apache.camel.Message message) {
        String value = headers.getFirst(name);
        if (value != null) {
            message.setHeader(name, value);
        }
    }

    @Override
    public void afterConnectionClosed(WebSocketSession session, CloseStatus status) {
        session.getAttributes().remove(SESSION);
    }
}
