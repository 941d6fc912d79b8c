package io.llmgateway.error;

import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.util.concurrent.TimeoutException;
import org.apache.hc.client5.http.ConnectTimeoutException;
import org.apache.hc.core5.http.NoHttpResponseException;
import org.springframework.stereotype.Component;

/**
 * Classifies any failure into a {@link GatewayException}: the single place that decides which
 * status and words a caller sees. Unknown failures become a bare 500 so no internals leak.
 */
@Component
public class ErrorMapper {

    public GatewayException classify(Throwable failure, String provider) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof GatewayException known) {
                return known;
            }
            if (t instanceof CallNotPermittedException) {
                // a call with no fallback chain (embeddings) meets the open breaker itself
                return upstream(503, "circuit_open", provider,
                        "Provider '" + provider + "' is unavailable: its circuit breaker is open", t);
            }
            if (t instanceof ConnectTimeoutException) {
                return upstream(502, "provider_unreachable", provider,
                        "Provider '" + provider + "' is unreachable: connect timed out", t);
            }
            if (t instanceof SocketTimeoutException || t instanceof TimeoutException || t instanceof InterruptedIOException) {
                return upstream(504, "timeout", provider, "Provider '" + provider + "' timed out", t);
            }
            if (t instanceof ConnectException || t instanceof UnknownHostException
                    || t instanceof NoRouteToHostException || t instanceof NoHttpResponseException
                    || t instanceof IOException) {
                return upstream(502, "provider_unreachable", provider,
                        "Provider '" + provider + "' is unreachable: " + t.getClass().getSimpleName(), t);
            }
        }
        return new GatewayException(500, "server_error", "internal_error", null,
                "The gateway failed to process the request", provider, failure);
    }

    private static GatewayException upstream(int status, String code, String provider, String message, Throwable cause) {
        if (provider == null) {
            return new GatewayException(500, "server_error", "internal_error", null,
                    "The gateway failed to process the request", null, cause);
        }
        return new GatewayException(status, "provider_error", code, null, message, provider, cause);
    }
}
