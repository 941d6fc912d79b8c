package io.llmgateway.provider;

import io.llmgateway.chat.ChatRequest;
import io.llmgateway.chat.ChatResponse;
import io.llmgateway.chat.StreamRequests;
import io.llmgateway.core.ExchangeProperties;
import io.llmgateway.core.GatewayProperties.Provider;
import io.llmgateway.error.GatewayException;
import io.llmgateway.stream.ChatStream;
import io.llmgateway.stream.ChunkSource;
import io.llmgateway.stream.ReplaySource;
import io.llmgateway.stream.UpstreamBody;
import io.llmgateway.stream.UpstreamStreams;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.camel.Exchange;
import org.apache.camel.component.http.HttpMethods;

/** What every HTTP provider adapter does the same way: the request it translates, status, body, errors. */
public final class ProviderCalls {

    /**
     * The vendor's rate-limit hints from the last answer (Retry-After, retry-after-ms,
     * anthropic-ratelimit-*, x-ratelimit-*), as a Map of lower-case header name to value, kept on
     * the exchange for the resilience steps.
     */

    private ProviderCalls() {
    }

    /** The canonical request: the body on the first call, the saved copy when the body is already wire bytes. */
    public static ChatRequest request(Exchange exchange) {
        Object body = exchange.getIn().getBody();
        if (body instanceof ChatRequest request) {
            exchange.setProperty(ExchangeProperties.REQUEST, request);
            return request;
        }
        return exchange.getProperty(ExchangeProperties.REQUEST, ChatRequest.class);
    }

    public static void jsonPost(Exchange exchange) {
        // The enum, not "POST": camel-http reads this header as HttpMethods, and converting a String
        // costs a type-converter registry search on every call (12% of the gateway's CPU under load).
        exchange.getIn().setHeader(Exchange.HTTP_METHOD, HttpMethods.POST);
        exchange.getIn().setHeader(Exchange.CONTENT_TYPE, "application/json");
        exchange.getIn().setHeader("Accept", "application/json");
    }

    /** Copies the answer's rate-limit headers into {@link #RATE_LIMIT_HINTS} (only when there are any). */
    public static void keepRateLimitHints(Exchange exchange) {
        Map<String, String> hints = new LinkedHashMap<>();
        exchange.getIn().getHeaders().forEach((name, value) -> {
            String key = name.toLowerCase(Locale.ROOT);
            if (value != null && (key.equals("retry-after") || key.equals("retry-after-ms")
                    || key.startsWith("anthropic-ratelimit-") || key.startsWith("x-ratelimit-"))) {
                hints.put(key, value.toString());
            }
        });
        if (!hints.isEmpty()) {
            exchange.setProperty(ExchangeProperties.RATE_LIMIT_HINTS, hints);
        }
    }

    public static int status(Exchange exchange) {
        Integer status = exchange.getIn().getHeader(Exchange.HTTP_RESPONSE_CODE, Integer.class);
        return status == null ? 200 : status;
    }

    public static byte[] body(Exchange exchange) {
        Object body = exchange.getIn().getBody();
        if (body == null) {
            return new byte[0];
        }
        if (body instanceof byte[] bytes) {
            return bytes;
        }
        if (body instanceof InputStream in) {
            try (in) {
                return in.readAllBytes();
            } catch (IOException e) {
                String providerId = exchange.getProperty(ExchangeProperties.PROVIDER, String.class);
                throw new GatewayException(502, "provider_error", "provider_unreachable", null,
                        "Provider '" + providerId + "' broke off its response", providerId, e);
            }
        }
        byte[] bytes = exchange.getIn().getBody(byte[].class);
        return bytes == null ? new byte[0] : bytes;
    }

    /**
     * The provider's wait hint on an error answer: Retry-After (seconds or an HTTP date), retry-after-ms
     * (Azure OpenAI), else the larger of OpenAI's x-ratelimit-reset-requests / -tokens ("1s", "6m0s", "20ms").
     * Null when the provider gave none.
     */
    public static Duration retryAfter(Exchange exchange) {
        return retryAfter(exchange.getIn().getHeaders());
    }

    /** {@link #retryAfter(Exchange)} from the answer's headers (Camel's map: names case-insensitive). */
    public static Duration retryAfter(Map<String, Object> headers) {
        String ms = header(headers, "retry-after-ms");
        if (ms != null && DECIMAL.matcher(ms.trim()).matches()) {
            return Duration.ofMillis((long) Double.parseDouble(ms.trim()));
        }
        String value = header(headers, "Retry-After");
        if (value != null && !value.isBlank()) {
            value = value.trim();
            if (DECIMAL.matcher(value).matches()) {
                return Duration.ofMillis((long) (Double.parseDouble(value) * 1000));
            }
            try {
                Duration until = Duration.between(Instant.now(), ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME));
                return until.isNegative() ? Duration.ZERO : until;
            } catch (DateTimeParseException ignored) {
                // not a date either: no hint
            }
        }
        Duration requests = goDuration(header(headers, "x-ratelimit-reset-requests"));
        Duration tokens = goDuration(header(headers, "x-ratelimit-reset-tokens"));
        if (requests == null || tokens == null) {
            return requests != null ? requests : tokens;
        }
        return requests.compareTo(tokens) >= 0 ? requests : tokens;
    }

    private static String header(Map<String, Object> headers, String name) {
        Object value = headers.get(name);
        return value == null ? null : value.toString();
    }

    // compiled once: String.matches would compile its pattern again on every error answer
    private static final Pattern DECIMAL = Pattern.compile("\\d+(\\.\\d+)?");
    private static final Pattern GO_DURATION = Pattern.compile("(\\d+(\\.\\d+)?(ms|h|m|s))+");
    private static final Pattern GO_DURATION_PART = Pattern.compile("(\\d+(?:\\.\\d+)?)(ms|h|m|s)");

    /** OpenAI's reset headers use Go's duration format: "1s", "6m0s", "20ms", "1h2m3.5s". */
    static Duration goDuration(String value) {
        String trimmed = value == null ? "" : value.trim();
        if (!GO_DURATION.matcher(trimmed).matches()) {   // also refuses null and blank
            return null;
        }
        Matcher part = GO_DURATION_PART.matcher(trimmed);
        double millis = 0;
        while (part.find()) {
            double n = Double.parseDouble(part.group(1));
            millis += switch (part.group(2)) {
                case "h" -> n * 3_600_000;
                case "m" -> n * 60_000;
                case "s" -> n * 1000;
                default -> n;
            };
        }
        return Duration.ofMillis((long) millis);
    }

    /**
     * The streaming branch's step after the HTTP endpoint, for every kind: an error answer, or a whole
     * JSON answer from a server that ignored the stream request, goes the whole-answer way ({@code whole}
     * throws the vendor's error, or its answer is replayed as chunks); a 2xx event stream is read by the
     * kind's {@code reader}. Either way the first chunk is read here, so a failure before anything
     * reached the caller is still an ordinary error (and can fall over).
     */
    public static ChatStream openStream(Exchange exchange, Supplier<ChatResponse> whole,
                                        Function<UpstreamBody, ChunkSource> reader) {
        return UpstreamStreams.open(exchange, () -> {
            String providerId = exchange.getProperty(ExchangeProperties.PROVIDER, String.class);
            boolean includeUsage = StreamRequests.includeUsage(request(exchange));
            int status = status(exchange);
            if (status < 200 || status >= 300 || UpstreamStreams.answeredWhole(exchange)) {
                return new ChatStream(new ReplaySource(whole.get()), providerId, includeUsage).prime();
            }
            InputStream body = exchange.getIn().getBody(InputStream.class);
            if (body == null) {
                throw invalidResponse(providerId);
            }
            return new ChatStream(reader.apply(new UpstreamBody(body)), providerId, includeUsage).prime();
        });
    }

    public static GatewayException invalidResponse(String providerId) {
        return new GatewayException(502, "provider_error", "invalid_provider_response", null,
                "Provider '" + providerId + "' returned a response the gateway could not read", providerId, null);
    }

    /** An upstream error answer, keeping the provider's status and words, minus any secret it echoed. */
    public static GatewayException providerError(String providerId, int status, String type, String code,
                                                 String param, String message, Provider provider) {
        String text = message == null || message.isBlank() ? "HTTP " + status : redact(message, provider);
        return new GatewayException(status, type, code, param,
                "Provider '" + providerId + "' returned " + status + ": " + text, providerId, null);
    }

    /**
     * An error the vendor reported inside a stream it had started with 200: the status is the one the
     * error event names (or 502), the words are the vendor's, minus any secret it echoed.
     */
    public static GatewayException streamError(String providerId, int status, String type, String code,
                                               String message, Provider provider) {
        String text = message == null || message.isBlank() ? "no details" : redact(message, provider);
        return new GatewayException(status, type, code, null,
                "Provider '" + providerId + "' reported an error mid-stream: " + text, providerId, null);
    }

    static String redact(String message, Provider provider) {
        if (provider != null && provider.hasApiKey() && provider.getApiKey().length() >= 4) {
            return message.replace(provider.getApiKey(), "[redacted]");
        }
        return message;
    }
}
