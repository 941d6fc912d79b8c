package io.llmgateway.cache;

import io.llmgateway.chat.ChatRequest;

/** Which requests of a model alias the response cache may answer and keep, from most to least caching. */
public enum CacheStrategy {
    /** Every request. For evaluations and batch re-runs where the same question should cost once. */
    AGGRESSIVE,
    /** Only requests whose answer is meant to repeat: temperature 0 or a seed, and no tools. */
    CONSERVATIVE,
    /** Conservative requests that also opt in (Cache-Control / X-Gateway-Cache-Enabled on the request). */
    SELECTIVE,
    /** Never. */
    DISABLED;

    public boolean allows(ChatRequest request, boolean optedIn) {
        return switch (this) {
            case AGGRESSIVE -> true;
            case CONSERVATIVE -> repeatable(request);
            case SELECTIVE -> optedIn && repeatable(request);
            case DISABLED -> false;
        };
    }

    /** Temperature 0 or a fixed seed, and no tools (a tool call's answer depends on the world, not the prompt). */
    static boolean repeatable(ChatRequest request) {
        boolean deterministic = (request.temperature != null && request.temperature == 0.0) || request.seed != null;
        boolean noTools = request.tools == null || request.tools.isEmpty();
        return deterministic && noTools;
    }
}
