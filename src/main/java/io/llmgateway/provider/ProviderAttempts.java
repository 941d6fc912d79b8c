package io.llmgateway.provider;

import org.apache.camel.Exchange;
import org.springframework.stereotype.Component;

/** Counts provider calls per request, so doors can report how many attempts an answer or failure took. */
@Component("providerAttempts")
public class ProviderAttempts {

    public static final String PROPERTY = "gatewayAttempts";

    /** Called by every provider template before it calls upstream. */
    public void record(Exchange exchange) {
        exchange.setProperty(PROPERTY, count(exchange) + 1);
    }

    public static int count(Exchange exchange) {
        Integer attempts = exchange.getProperty(PROPERTY, Integer.class);
        return attempts == null ? 0 : attempts;
    }
}
