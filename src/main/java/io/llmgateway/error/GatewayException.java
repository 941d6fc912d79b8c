package io.llmgateway.error;

/**
 * A failure the caller should see, already classified: HTTP status plus OpenAI's error fields.
 * Messages must never contain a secret: they are written to callers and logs as they are.
 */
public class GatewayException extends RuntimeException {

    private final int status;
    private final String type;
    private final String code;
    private final String param;
    private final String provider;
    /** How long the failing side asked us to wait (Retry-After, x-ratelimit-reset-*), or null. */
    private java.time.Duration retryAfter;

    public GatewayException(int status, String type, String code, String param, String message) {
        this(status, type, code, param, message, null, null);
    }

    public GatewayException(int status, String type, String code, String param, String message,
                            String provider, Throwable cause) {
        super(message, cause, false, false);
        this.status = status;
        this.type = type;
        this.code = code;
        this.param = param;
        this.provider = provider;
    }

    public static GatewayException invalidRequest(String param, String code, String message) {
        return new GatewayException(400, "invalid_request_error", code, param, message);
    }

    /** The gateway's own wait hint (a key's rate limit or budget), in whole seconds. */
    public GatewayException withRetryAfter(long seconds) {
        return withRetryAfter(java.time.Duration.ofSeconds(seconds));
    }

    public int status() { return status; }
    public String type() { return type; }
    public String code() { return code; }
    public String param() { return param; }
    /** The provider id whose call failed, or null when the gateway itself refused the request. */
    public String provider() { return provider; }
    public java.time.Duration retryAfter() { return retryAfter; }

    /** Keeps a wait hint with the error, so retries and the caller's Retry-After can honour it. */
    public GatewayException withRetryAfter(java.time.Duration hint) {
        this.retryAfter = hint;
        return this;
    }
}
