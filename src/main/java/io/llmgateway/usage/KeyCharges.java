package io.llmgateway.usage;

import java.math.BigDecimal;
import org.apache.camel.Exchange;

/**
 * What the key layer does with a finished request's usage (auth/KeyPolicy implements it): the usage
 * step hands the tokens and cost over without knowing keys, so usage stays below auth.
 */
public interface KeyCharges {

    /** Charges the key's tokens per minute and its budget with what the request really used. */
    void charge(String keyId, TokenUsage usage, BigDecimal cost);

    /** Ends the request's budget reservation (after its charge, or when it ended without one); idempotent. */
    void settle(Exchange exchange);
}
