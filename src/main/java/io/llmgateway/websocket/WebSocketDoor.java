package io.llmgateway.websocket;

import org.springframework.context.annotation.Configuration;
import org.springframework.web.socket.config.annotation.EnableWebSocket;
import org.springframework.web.socket.config.annotation.WebSocketConfigurer;
import org.springframework.web.socket.config.annotation.WebSocketHandlerRegistry;

/** Serves chat over a WebSocket at /v1/ws/chat on the gateway's own port (Spring WebSocket on Tomcat). */
@Configuration
@EnableWebSocket
public class WebSocketDoor implements WebSocketConfigurer {

    private final ChatWebSocketHandler handler;

    public WebSocketDoor(ChatWebSocketHandler handler) {
        this.handler = handler;
    }

    @Override
    public void registerWebSocketHandlers(WebSocketHandlerRegistry registry) {
        registry.addHandler(handler, "/v1/ws/chat");
    }
}
