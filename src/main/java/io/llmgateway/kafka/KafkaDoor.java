package io.llmgateway.kafka;

import io.llmgateway.chat.Json;
import io.llmgateway.chat.RequestIds;
import io.llmgateway.core.ExchangeProperties;
import io.llmgateway.error.ErrorMapper;
import io.llmgateway.error.GatewayException;
import java.nio.charset.StandardCharsets;
import org.apache.camel.Exchange;
import org.apache.camel.component.kafka.KafkaConstants;
import org.apache.camel.component.kafka.consumer.KafkaManualCommit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.stereotype.Component;

/**
 * The Kafka door's steps: take a record in (ids, reply topic), write the reply or the dead letter
 * with its headers, and commit the record's offset once that write was acknowledged.
 */
@Component("kafkaDoor")
@EnableConfigurationProperties(KafkaDoorProperties.class)
public class KafkaDoor {

    public static final String CORRELATION_ID = "correlation-id";
    public static final String REPLY_TO = "reply-to";

    private static final Logger LOG = LoggerFactory.getLogger(KafkaDoor.class);

    private final KafkaDoorProperties properties;
    private final ErrorMapper errors;

    public KafkaDoor(KafkaDoorProperties properties, ErrorMapper errors) {
        this.properties = properties;
        this.errors = errors;
    }

    /** Route precondition: the Kafka routes exist only when bootstrap servers are configured. */
    public boolean enabled() {
        return properties.isEnabled();
    }

    /** Keeps what the reply needs before the pipeline replaces body and headers. */
    public void accept(Exchange exchange) {
        exchange.setProperty(ExchangeProperties.KAFKA_STARTED, System.nanoTime());
        exchange.setProperty(ExchangeProperties.KAFKA_COMMIT, exchange.getIn().getHeader(KafkaConstants.MANUAL_COMMIT));
        exchange.setProperty(ExchangeProperties.KAFKA_VALUE, exchange.getIn().getBody(String.class));
        String key = text(exchange.getIn().getHeader(KafkaConstants.KEY));
        String correlation = text(exchange.getIn().getHeader(CORRELATION_ID));
        if (correlation == null) {
            correlation = key != null ? key : RequestIds.newId();
        }
        exchange.setProperty(ExchangeProperties.KAFKA_KEY, key != null ? key : correlation);
        exchange.setProperty(CORRELATION_ID, correlation);
        exchange.setProperty(ExchangeProperties.REQUEST_ID, RequestIds.safeOrNew(correlation));
        String replyTo = text(exchange.getIn().getHeader(REPLY_TO));
        exchange.getIn().removeHeaders("*");
        if (replyTo != null && !replyTo.isBlank() && !properties.allowsReplyTo(replyTo)) {
            // a producer must not make the gateway write into any topic it names
            throw GatewayException.invalidRequest("reply-to", "reply_topic_not_allowed", "The reply-to topic '"
                    + replyTo + "' is not allowed; gateway.kafka.reply-topics lists the topics replies may go to.");
        }
        exchange.setProperty(ExchangeProperties.KAFKA_REPLY_TO, replyTo != null && !replyTo.isBlank() ? replyTo : properties.getReplyTopic());
    }

    /** The chat.completion as the record value, same key and correlation id, plus what happened. */
    public void reply(Exchange exchange) {
        String json = new String(Json.write(exchange.getIn().getBody()), StandardCharsets.UTF_8);
        wireHeaders(exchange);
        exchange.getIn().setHeader(KafkaConstants.OVERRIDE_TOPIC, exchange.getProperty(ExchangeProperties.KAFKA_REPLY_TO, String.class));
        exchange.getIn().setHeader("provider", exchange.getProperty(ExchangeProperties.PROVIDER, String.class));
        exchange.getIn().setBody(json);
    }

    /** The original value, unchanged, with why it failed: nothing is dropped silently. */
    public void deadLetter(Exchange exchange) {
        Throwable failure = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        String provider = exchange.getProperty(ExchangeProperties.PROVIDER, String.class);
        GatewayException error = errors.classify(failure, provider);
        LOG.warn("kafka request {} to dead letter topic: {} {}", exchange.getProperty(CORRELATION_ID),
                error.status(), error.getMessage(), error.status() == 500 ? failure : null);
        wireHeaders(exchange);
        exchange.getIn().setHeader("error-type", error.type());
        exchange.getIn().setHeader("error-code", error.code() != null ? error.code() : "");
        exchange.getIn().setHeader("error-status", Integer.toString(error.status()));
        exchange.getIn().setHeader("error-message", error.getMessage());
        if (provider != null) {
            exchange.getIn().setHeader("provider", provider);
        }
        exchange.getIn().setBody(exchange.getProperty(ExchangeProperties.KAFKA_VALUE, String.class));
    }

    /** Commits the consumed record's offset; called only after the reply or dead letter was acknowledged. */
    public void commit(Exchange exchange) {
        KafkaManualCommit commit = exchange.getProperty(ExchangeProperties.KAFKA_COMMIT, KafkaManualCommit.class);
        if (commit != null) {
            commit.commit();
        }
    }

    private void wireHeaders(Exchange exchange) {
        exchange.getIn().removeHeaders("*");
        exchange.getIn().setHeader(KafkaConstants.KEY, exchange.getProperty(ExchangeProperties.KAFKA_KEY, String.class));
        exchange.getIn().setHeader(CORRELATION_ID, exchange.getProperty(CORRELATION_ID, String.class));
        // the same provider:outcome list the HTTP door sends as x-gateway-attempts, and its length
        String attempts = exchange.getProperty(ExchangeProperties.ATTEMPTS, String.class);
        boolean none = attempts == null || attempts.isBlank();
        exchange.getIn().setHeader("attempts", none ? "0" : Integer.toString(attempts.split(",").length));
        if (!none) {
            exchange.getIn().setHeader("attempts-detail", attempts);
        }
        Long started = exchange.getProperty(ExchangeProperties.KAFKA_STARTED, Long.class);
        if (started != null) {
            exchange.getIn().setHeader("latency-ms", Long.toString((System.nanoTime() - started) / 1_000_000));
        }
    }

    private static String text(Object header) {
        if (header instanceof byte[] bytes) {
            return new String(bytes, StandardCharsets.UTF_8);
        }
        return header == null ? null : header.toString();
    }
}
