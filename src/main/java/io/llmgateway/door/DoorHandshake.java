package io.llmgateway.door;

import jakarta.servlet.http.HttpServletRequest;
import java.util.Map;
import org.springframework.http.server.ServerHttpRequest;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.http.server.ServletServerHttpRequest;
import org.springframework.web.socket.WebSocketHandler;
import org.springframework.web.socket.server.HandshakeInterceptor;

/**
 * Hands what the door filter settled at the WebSocket handshake (key, tenant) to the socket's
 * attributes, so every chat frame on it runs door-in and the key policy as that caller.
 */
public class DoorHandshake implements HandshakeInterceptor {

    /** WebSocket session attributes. */
    public static final String KEY = DoorRequest.KEY;
    public static final String TENANT = DoorRequest.TENANT;

    @Override
    public boolean beforeHandshake(ServerHttpRequest request, ServerHttpResponse response, WebSocketHandler handler,
                                   Map<String, Object> attributes) {
        if (!(request instanceof ServletServerHttpRequest servlet)) {
            return false;
        }
        HttpServletRequest http = servlet.getServletRequest();
        if (http.getAttribute(DoorRequest.TENANT) == null) {
            return false; // the door filter did not run: refuse rather than open an unchecked socket
        }
        copy(http, KEY, attributes);
        copy(http, TENANT, attributes);
        return true;
    }

    private static void copy(HttpServletRequest request, String name, Map<String, Object> attributes) {
        Object value = request.getAttribute(name);
        if (value != null) {
            attributes.put(name, value);
        }
    }

    @Override
    public void afterHandshake(ServerHttpRequest request, ServerHttpResponse response, WebSocketHandler handler,
                               Exception exception) {
    }

    /** The subprotocol a browser offers beside {@code gateway-key.<key>}; the gateway selects it. */
    public static String protocol() {
        return Credentials.PROTOCOL;
    }
}
