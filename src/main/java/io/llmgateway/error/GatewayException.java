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
    /** Seconds the caller should wait before trying again (429/503); sent as Retry-After. */
    private Long retryAfterSeconds;

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

    public GatewayException withRetryAfter(long seconds) {
        this.retryAfterSeconds = seconds;
        return this;
    }

    public int status() { return status; }
    public String type() { return type; }
    public String code() { return code; }
    public String param() { return param; }
    /** The provider id whose call failed, or null when the gateway itself refused the request. */
    public String provider() { return provider; }
    /** Null when the caller need not wait. */
    public Long retryAfterSeconds() { return retryAfterSeconds; }
}
