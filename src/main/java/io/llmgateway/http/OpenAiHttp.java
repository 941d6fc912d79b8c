package io.llmgateway.http;

import io.llmgateway.chat.Json;
import io.llmgateway.core.ExchangeProperties;
import io.llmgateway.error.ErrorMapper;
import io.llmgateway.error.GatewayException;
import io.llmgateway.error.OpenAiError;
import io.llmgateway.stream.ChatStream;
import io.llmgateway.stream.EncodedStreamBody;
import io.llmgateway.stream.StreamBodies;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/** Writes the HTTP door's answers: JSON bodies, and failures as OpenAI error JSON with the right status. */
@Component("openAiHttp")
public class OpenAiHttp {

    private static final Logger LOG = LoggerFactory.getLogger(OpenAiHttp.class);

    private final ErrorMapper errors;
    private final StreamBodies streams;

    public OpenAiHttp(ErrorMapper errors, StreamBodies streams) {
        this.errors = errors;
        this.streams = streams;
    }

    /**
     * "stream": true: the answer as OpenAI's server-sent events. The body becomes an InputStream
     * only here, at the door's last step, so no stream caching in between can buffer it.
     */
    public void sse(Exchange exchange) {
        ChatStream stream = streams.of(exchange);
        exchange.getIn().setBody(new EncodedStreamBody(stream, OpenAiSseEncoder.INSTANCE));
        exchange.getIn().setHeader(Exchange.CONTENT_TYPE, "text/event-stream; charset=utf-8");
        exchange.getIn().setHeader("Cache-Control", "no-cache");
        // proxies such as nginx would otherwise collect the events before passing them on
        exchange.getIn().setHeader("X-Accel-Buffering", "no");
    }

    /** Serialises the body object once, straight to bytes. */
    public void json(Exchange exchange) {
        exchange.getIn().setBody(Json.write(exchange.getIn().getBody()));
        exchange.getIn().setHeader(Exchange.CONTENT_TYPE, "application/json");
    }

    /** The caught failure, classified and written in OpenAI's error shape. Never a stack trace. */
    public void error(Exchange exchange) {
        Throwable failure = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        String provider = exchange.getProperty(ExchangeProperties.PROVIDER, String.class);
        GatewayException error = errors.classify(failure, provider);
        String requestId = exchange.getProperty(ExchangeProperties.REQUEST_ID, String.class);
        if (error.status() >= 500) {
            LOG.warn("request {} failed with {}: {}", requestId, error.status(), error.getMessage(),
                    error.status() == 500 ? failure : null);
        } else {
            LOG.debug("request {} refused with {}: {}", requestId, error.status(), error.getMessage());
        }
        exchange.getIn().removeHeaders("*");
        exchange.getIn().setHeader(Exchange.HTTP_RESPONSE_CODE, error.status());
        if (error.status() == 429 && error.retryAfter() != null) {
            // whole seconds, rounded up, as RFC 9110 Retry-After wants
            exchange.getIn().setHeader("Retry-After", Math.max(1, (error.retryAfter().toMillis() + 999) / 1000));
        }
        exchange.getIn().setBody(OpenAiError.of(error));
        json(exchange);
    }
}
