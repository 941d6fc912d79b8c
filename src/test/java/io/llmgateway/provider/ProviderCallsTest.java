package io.llmgateway.provider;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmgateway.core.ExchangeProperties;
import java.util.Map;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;

/** The vendor's rate-limit hints stay on the exchange for the resilience steps. */
class ProviderCallsTest {

    @Test
    void keepsRateLimitHeadersOnly() {
        Exchange exchange = new DefaultExchange(new DefaultCamelContext());
        exchange.getIn().setHeader("Retry-After", "17");
        exchange.getIn().setHeader("anthropic-ratelimit-requests-remaining", "0");
        exchange.getIn().setHeader("x-ratelimit-reset-tokens", "6m0s");
        exchange.getIn().setHeader("Content-Type", "application/json");

        ProviderCalls.keepRateLimitHints(exchange);

        assertThat(exchange.getProperty(ExchangeProperties.RATE_LIMIT_HINTS, Map.class)).containsExactlyInAnyOrderEntriesOf(Map.of(
                "retry-after", "17", "anthropic-ratelimit-requests-remaining", "0", "x-ratelimit-reset-tokens", "6m0s"));
    }

    @Test
    void noHintsNoProperty() {
        Exchange exchange = new DefaultExchange(new DefaultCamelContext());
        exchange.getIn().setHeader("Content-Type", "application/json");

        ProviderCalls.keepRateLimitHints(exchange);

        assertThat(exchange.getProperty(ExchangeProperties.RATE_LIMIT_HINTS)).isNull();
    }
}
