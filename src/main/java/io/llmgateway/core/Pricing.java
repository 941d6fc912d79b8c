package io.llmgateway.core;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * A model's prices in USD per one million tokens, as vendors publish them (gateway.models[].pricing).
 * Cached input falls back to the input price when not given.
 */
public class Pricing {

    private static final BigDecimal MILLION = BigDecimal.valueOf(1_000_000);

    private BigDecimal input = BigDecimal.ZERO;
    private BigDecimal output = BigDecimal.ZERO;
    private BigDecimal cachedInput;

    public BigDecimal getInput() { return input; }
    public void setInput(BigDecimal input) { this.input = input; }
    public BigDecimal getOutput() { return output; }
    public void setOutput(BigDecimal output) { this.output = output; }
    public BigDecimal getCachedInput() { return cachedInput != null ? cachedInput : input; }
    public void setCachedInput(BigDecimal cachedInput) { this.cachedInput = cachedInput; }

    /** (uncached input x input + cached input x cached-input + output x output) / 1M, exact to 12 places. */
    public BigDecimal cost(long inputTokens, long cachedInputTokens, long outputTokens) {
        long uncached = Math.max(0, inputTokens - cachedInputTokens);
        BigDecimal perMillion = input.multiply(BigDecimal.valueOf(uncached))
                .add(getCachedInput().multiply(BigDecimal.valueOf(cachedInputTokens)))
                .add(output.multiply(BigDecimal.valueOf(outputTokens)));
        return perMillion.divide(MILLION, 12, RoundingMode.HALF_UP).stripTrailingZeros();
    }
}
