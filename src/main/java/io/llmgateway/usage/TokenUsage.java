package io.llmgateway.usage;

/**
 * Tokens of one request. {@code cachedInputTokens} is the part of the input the provider served
 * from its prompt cache (billed cheaper). {@code estimated} is true when the provider reported no
 * usage and the gateway counted with jtokkit instead.
 */
public record TokenUsage(long inputTokens, long cachedInputTokens, long outputTokens, boolean estimated) {

    public static final TokenUsage NONE = new TokenUsage(0, 0, 0, false);

    public long totalTokens() {
        return inputTokens + outputTokens;
    }
}
