package io.llmgateway.usage;

import io.llmgateway.core.ExchangeProperties;
import io.llmgateway.error.ErrorMapper;
import io.llmgateway.metrics.GatewayMetrics;
import io.llmgateway.store.LedgerEntry;
import io.llmgateway.stream.ChatStream;
import io.micrometer.core.instrument.Tags;
import java.math.BigDecimal;
import java.time.Instant;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.spi.LoggingEventBuilder;
import org.springframework.stereotype.Component;

/**
 * The door-out step every door runs once its answer (or error) is ready: the request's
 * metrics, and one structured log line. The line holds ids, names, numbers and the status, never
 * message content, headers or keys. It reads as logfmt on the console and its fields are also
 * SLF4J key/values, so Spring Boot's structured logging (logging.structured.format.console: ecs)
 * turns them into JSON fields.
 */
@Component("requestLog")
public class RequestLog {

    private static final Logger LOG = LoggerFactory.getLogger("io.llmgateway.requests");

    private final GatewayMetrics metrics;
    private final ErrorMapper errors;
    private final boolean logRequests;
    private final LedgerWriter ledger;
    private final KeyCharges keyPolicy;

    public RequestLog(GatewayMetrics metrics, ErrorMapper errors, UsageProperties properties, LedgerWriter ledger, KeyCharges keyPolicy) {
        this.metrics = metrics;
        this.errors = errors;
        this.logRequests = properties.isLogRequests();
        this.ledger = ledger;
        this.keyPolicy = keyPolicy;
    }

    /**
     * Never fails the request it reports on: a broken meter is logged, the answer still goes out.
     * A streamed answer is reported when its stream ends, once its usage is known; its latencies
     * are still measured now, when the answer's head went out.
     */
    public void record(Exchange exchange) {
        if (exchange.getProperty(ExchangeProperties.DOOR) == null) {
            return;
        }
        long totalNanos = totalNanos(exchange);
        ChatStream stream = exchange.getProperty(ExchangeProperties.USAGE_PENDING_STREAM, ChatStream.class);
        if (stream == null) {
            recordSafely(exchange, -1, totalNanos, null, 0);
            return;
        }
        // the status the caller got is the one sent with the head; a client leaving later must not change it
        int status = safeStatus(exchange);
        long headNanos = System.nanoTime();
        stream.onFinish(ended -> recordSafely(exchange, status, totalNanos, ended, System.nanoTime() - headNanos));
    }

    /**
     * A request no route served: refused at the door (401, 413) or on no route at all (404, 405). The
     * same metrics and line as a served request, without model, provider or tokens; a ledger row while
     * the refusal sample allows, else only its count in the spend rollup ({@link LedgerWriter#appendRefusal}).
     * {@code key}: the caller as logged (key id or the open gateway's tenant); {@code keyId}: the
     * authenticated key, null when none.
     */
    public void recordAtDoor(String door, String api, String requestId, String key, String keyId, int status, long totalNanos) {
        try {
            Instant finished = Instant.now();
            ledger.appendRefusal(new LedgerEntry(LedgerEntry.newId(), requestId, door, api, keyId, key, null, null, null, status,
                    0, 0, 0, false, false, null, totalNanos / 1_000_000, null, null, finished.minusNanos(totalNanos), finished));
            Tags tags = GatewayMetrics.requestTags(door, null, null, status);
            metrics.operationDuration(tags, totalNanos);
            metrics.overheadDuration(tags, totalNanos);
            if (logRequests) {
                StringBuilder line = new StringBuilder(160).append("request");
                LoggingEventBuilder event = status >= 500 ? LOG.atWarn() : LOG.atInfo();
                field(line, event, "request_id", requestId);
                field(line, event, "door", door);
                field(line, event, "api", api);
                field(line, event, "key", key);
                field(line, event, "attempts", 0);
                field(line, event, "status", status);
                field(line, event, "latency_ms", millis(totalNanos));
                event.log(line.toString());
            }
        } catch (RuntimeException e) {
            LoggerFactory.getLogger(RequestLog.class).warn("Could not record request metrics: {}", e.toString());
        }
    }

    private int safeStatus(Exchange exchange) {
        try {
            return status(exchange, exchange.getProperty(ExchangeProperties.PROVIDER, String.class));
        } catch (RuntimeException e) {
            return 200;
        }
    }

    private void recordSafely(Exchange exchange, int status, long totalNanos, ChatStream stream, long streamNanos) {
        // a request that failed before its charge gives its budget reservation back (a charged one already did),
        // here or in Redis
        keyPolicy.settle(exchange);
        try {
            recordOrFail(exchange, status, totalNanos, stream, streamNanos);
        } catch (RuntimeException e) {
            LoggerFactory.getLogger(RequestLog.class).warn("Could not record request metrics: {}", e.toString());
        }
    }

    /** status -1: read it from the exchange now. */
    private void recordOrFail(Exchange exchange, int knownStatus, long totalNanos, ChatStream stream, long streamNanos) {
        String door = exchange.getProperty(ExchangeProperties.DOOR, String.class);
        String model = exchange.getProperty(ExchangeProperties.MODEL, String.class);
        String provider = exchange.getProperty(ExchangeProperties.PROVIDER, String.class);
        String key = exchange.getProperty(ExchangeProperties.KEY, String.class);
        int status = knownStatus >= 0 ? knownStatus : status(exchange, provider);
        long upstreamNanos = exchange.getProperty(ExchangeProperties.UPSTREAM_NANOS, 0L, Long.class);
        int attempts = exchange.getProperty(ExchangeProperties.UPSTREAM_CALLS, 0, Integer.class);
        TokenUsage usage = exchange.getProperty(ExchangeProperties.USAGE, TokenUsage.class);
        String cost = exchange.getProperty(ExchangeProperties.COST_USD, String.class);
        boolean cacheHit = exchange.getProperty(ExchangeProperties.CACHE_HIT, false, Boolean.class);

        Tags tags = GatewayMetrics.requestTags(door, model, provider, status);
        metrics.operationDuration(tags, totalNanos);
        if (attempts > 0) {
            metrics.upstreamDuration(tags, upstreamNanos);
        }
        metrics.overheadDuration(tags, totalNanos - upstreamNanos);
        if (usage != null && !cacheHit) {
            Tags tokenTags = GatewayMetrics.routeTags(door, model, provider);
            metrics.tokens(tokenTags, "input", usage.estimated(), usage.inputTokens());
            metrics.tokens(tokenTags, "output", usage.estimated(), usage.outputTokens());
        }
        if (cost != null) {
            metrics.cost(GatewayMetrics.routeTags(door, model, provider), key, new BigDecimal(cost).doubleValue());
        }
        if (logRequests) {
            log(exchange, door, model, provider, key, status, attempts, usage, cost, cacheHit, totalNanos, upstreamNanos,
                    stream, streamNanos);
        }
        // last: when the store is down and the queue full, this throws, and the metrics and log line are out already
        ledger.append(ledgerEntry(exchange, door, model, provider, key, status, usage, cost, totalNanos + streamNanos,
                attempts > 0 ? upstreamNanos : -1, stream));
    }

    private void log(Exchange exchange, String door, String model, String provider, String key, int status, int attempts,
                     TokenUsage usage, String cost, boolean cacheHit, long totalNanos, long upstreamNanos,
                     ChatStream stream, long streamNanos) {
        // fields appended in place: no map filled and walked for every request
        StringBuilder line = new StringBuilder(320).append("request");
        LoggingEventBuilder event = status >= 500 ? LOG.atWarn() : LOG.atInfo();
        field(line, event, "request_id", exchange.getProperty(ExchangeProperties.REQUEST_ID, String.class));
        field(line, event, "door", door);
        field(line, event, "api", exchange.getProperty(ExchangeProperties.API, String.class));
        field(line, event, "key", key != null ? key : exchange.getProperty(ExchangeProperties.TENANT, String.class));
        field(line, event, "model", model);
        field(line, event, "provider", provider);
        field(line, event, "attempts", attempts);
        field(line, event, "status", status);
        if (usage != null) {
            field(line, event, "input_tokens", usage.inputTokens());
            field(line, event, "cached_input_tokens", usage.cachedInputTokens());
            field(line, event, "output_tokens", usage.outputTokens());
            field(line, event, "tokens_estimated", usage.estimated());
        }
        field(line, event, "cost_usd", cost);
        field(line, event, "cache", cacheHit ? "hit" : null);
        field(line, event, "latency_ms", millis(totalNanos));
        field(line, event, "upstream_ms", millis(upstreamNanos));
        field(line, event, "overhead_ms", millis(totalNanos - upstreamNanos));
        if (stream != null) {
            // how the stream ended, and how long it ran after the answer's head went out
            field(line, event, "stream", stream.outcome().name().toLowerCase(java.util.Locale.ROOT));
            field(line, event, "stream_ms", millis(streamNanos));
        }
        event.log(line.toString());
    }

    /** The request's ledger row: the same figures as the log line, never content or secrets. */
    private static LedgerEntry ledgerEntry(Exchange exchange, String door, String model, String provider, String key, int status,
                                           TokenUsage usage, String cost, long totalNanos, long upstreamNanos, ChatStream stream) {
        TokenUsage tokens = usage == null ? TokenUsage.NONE : usage;
        Instant finished = Instant.now();
        return new LedgerEntry(LedgerEntry.newId(), exchange.getProperty(ExchangeProperties.REQUEST_ID, String.class), door,
                exchange.getProperty(ExchangeProperties.API, String.class), key,
                exchange.getProperty(ExchangeProperties.TENANT, String.class), model, provider,
                exchange.getProperty(ExchangeProperties.UPSTREAM_MODEL, String.class), status, tokens.inputTokens(),
                tokens.cachedInputTokens(), tokens.outputTokens(), tokens.estimated(),
                exchange.getProperty(ExchangeProperties.CHARGED, false, Boolean.class), cost == null ? null : new BigDecimal(cost),
                Math.max(0, totalNanos) / 1_000_000, upstreamNanos < 0 ? null : upstreamNanos / 1_000_000,
                stream == null ? null : stream.outcome().name().toLowerCase(java.util.Locale.ROOT),
                finished.minusNanos(Math.max(0, totalNanos)), finished);
    }

    /** logfmt on the line, and the same pair as an SLF4J key/value for structured log formats; null is left out. */
    private static void field(StringBuilder line, LoggingEventBuilder event, String name, Object value) {
        if (value != null) {
            line.append(' ').append(name).append('=').append(value);
            event.addKeyValue(name, value);
        }
    }

    private int status(Exchange exchange, String provider) {
        Integer code = exchange.getIn().getHeader(Exchange.HTTP_RESPONSE_CODE, Integer.class);
        if (code != null) {
            return code;
        }
        Throwable failure = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        if (failure == null) {
            failure = exchange.getException();
        }
        return failure == null ? 200 : errors.classify(failure, provider).status();
    }

    private static long totalNanos(Exchange exchange) {
        Long start = exchange.getProperty(ExchangeProperties.START_NANOS, Long.class);
        return start != null ? System.nanoTime() - start : exchange.getClock().elapsed() * 1_000_000L;
    }

    /** Milliseconds with two decimals, rounded half up, negative clamped to 0: 1234567 ns is "1.23". */
    static String millis(long nanos) {
        long hundredths = (Math.max(0, nanos) + 5_000) / 10_000;
        long fraction = hundredths % 100;
        return (hundredths / 100) + (fraction < 10 ? ".0" : ".") + fraction;
    }
}
