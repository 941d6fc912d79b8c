package io.llmgateway.resilience;

import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.llmgateway.error.ErrorMapper;
import io.llmgateway.error.GatewayException;

/**
 * What one provider attempt came to, and what the chain may do next: retry the same provider,
 * fall over to the next model, or stop (the caller's own mistake is never retried elsewhere).
 */
public record Outcome(Kind kind, GatewayException error, String label) {

    public enum Kind {
        SUCCESS(false, false),
        RATE_LIMITED(true, true),
        SERVER_ERROR(true, true),
        TIMEOUT(true, true),
        UNREACHABLE(true, true),
        /** The prompt is too long for this model: a bigger one may take it, the same one never will. */
        CONTEXT_EXCEEDED(false, true),
        CIRCUIT_OPEN(false, true),
        THROTTLED(false, true),
        CALLER_ERROR(false, false),
        INTERNAL(false, false);

        public final boolean retryable;
        public final boolean fallOver;

        Kind(boolean retryable, boolean fallOver) {
            this.retryable = retryable;
            this.fallOver = fallOver;
        }
    }

    /** Code of the gateway's own throttle refusal (see {@link ProviderLimits}). */
    public static final String THROTTLED_CODE = "provider_throttled";

    public static Outcome success() {
        return new Outcome(Kind.SUCCESS, null, "200");
    }

    public static Outcome of(Throwable failure, String provider, ErrorMapper errors) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof CallNotPermittedException) {
                return new Outcome(Kind.CIRCUIT_OPEN, new GatewayException(503, "provider_error", "circuit_open", null,
                        "Provider '" + provider + "' is failing; its circuit breaker is open", provider, null), "circuit_open");
            }
        }
        GatewayException error = errors.classify(failure, provider);
        int status = error.status();
        String code = error.code() == null ? "" : error.code();
        if (THROTTLED_CODE.equals(code)) {
            return new Outcome(Kind.THROTTLED, error, "throttled");
        }
        if ("internal_error".equals(code) || error.provider() == null) {
            return new Outcome(Kind.INTERNAL, error, String.valueOf(status));
        }
        if (status == 429) {
            return new Outcome(Kind.RATE_LIMITED, error, "429");
        }
        if ("context_length_exceeded".equals(code)) {
            return new Outcome(Kind.CONTEXT_EXCEEDED, error, "context_length_exceeded");
        }
        if ("timeout".equals(code) || status == 408) {
            return new Outcome(Kind.TIMEOUT, error, "timeout");
        }
        if ("provider_unreachable".equals(code)) {
            return new Outcome(Kind.UNREACHABLE, error, "unreachable");
        }
        if (status >= 500) {
            return new Outcome(Kind.SERVER_ERROR, error, String.valueOf(status));
        }
        return new Outcome(Kind.CALLER_ERROR, error, String.valueOf(status));
    }
}
