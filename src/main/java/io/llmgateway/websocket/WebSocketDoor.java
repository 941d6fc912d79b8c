package io.llmgateway.websocket;

import io.llmgateway.door.DoorHandshake;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.socket.config.annotation.EnableWebSocket;
import org.springframework.web.socket.config.annotation.WebSocketConfigurer;
import org.springframework.web.socket.config.annotation.WebSocketHandlerRegistry;
import org.springframework.web.socket.server.standard.ServletServerContainerFactoryBean;

/**
 * Serves chat over a WebSocket at /v1/ws/chat on the gateway's own port (Spring WebSocket on Tomcat).
 * The handshake is a GET under /v1, so the door filter has checked the caller's key before it;
 * the handshake interceptor hands the key and tenant to the socket for each of its chats.
 */
@Configuration
@EnableWebSocket
@EnableConfigurationProperties(WebSocketProperties.class)
public class WebSocketDoor implements WebSocketConfigurer {

    private final ChatWebSocketHandler handler;

    public WebSocketDoor(ChatWebSocketHandler handler) {
        this.handler = handler;
    }

    @Override
    public void registerWebSocketHandlers(WebSocketHandlerRegistry registry) {
        registry.addHandler(handler, "/v1/ws/chat").addInterceptors(new DoorHandshake());
    }

    /** Frame size and idle time of every socket, enforced by the container (Tomcat). */
    @Bean
    ServletServerContainerFactoryBean webSocketContainer(WebSocketProperties properties) {
        ServletServerContainerFactoryBean container = new ServletServerContainerFactoryBean();
        int maxFrame = (int) Math.min(Integer.MAX_VALUE, properties.getMaxFrameSize().toBytes());
        container.setMaxTextMessageBufferSize(maxFrame);
        container.setMaxBinaryMessageBufferSize(maxFrame);
        container.setMaxSessionIdleTimeout(properties.getIdleTimeout().toMillis());
        return container;
    }
}
