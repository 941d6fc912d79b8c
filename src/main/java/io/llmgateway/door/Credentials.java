package io.llmgateway.door;

import io.llmgateway.http.DoorApi;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Enumeration;

/** Where a caller's gateway key may be: the headers SDKs send, and the two forms a browser WebSocket can use. */
final class Credentials {

    /** Offered in Sec-WebSocket-Protocol as {@code gateway-key.<key>}, beside the protocol the socket speaks. */
    static final String PROTOCOL_PREFIX = "gateway-key.";
    /** The protocol a browser offers with its key, and the one the gateway selects. */
    static final String PROTOCOL = "llm-gateway";

    private Credentials() {
    }

    /** The presented key (not yet checked), or null. Never logged. */
    static String presented(HttpServletRequest request, DoorApi api) {
        String presented = bearer(request.getHeader("Authorization"));
        if (presented == null) {
            presented = blankToNull(request.getHeader("x-api-key"));
        }
        if (presented == null && api == DoorApi.WEBSOCKET) {
            // browsers cannot set headers on a WebSocket handshake
            presented = fromProtocols(request.getHeaders("Sec-WebSocket-Protocol"));
            if (presented == null) {
                presented = blankToNull(request.getParameter("api_key"));
            }
        }
        return presented;
    }

    static String bearer(String authorization) {
        if (authorization == null) {
            return null;
        }
        String value = authorization.strip();
        if (value.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return blankToNull(value.substring(7));
        }
        return null;
    }

    private static String fromProtocols(Enumeration<String> headers) {
        while (headers != null && headers.hasMoreElements()) {
            for (String protocol : headers.nextElement().split(",")) {
                String value = protocol.strip();
                if (value.startsWith(PROTOCOL_PREFIX) && value.length() > PROTOCOL_PREFIX.length()) {
                    return value.substring(PROTOCOL_PREFIX.length());
                }
            }
        }
        return null;
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}
