package io.llmgateway.core;

/** Which requests of a model alias the response cache may answer and keep, from most to least caching (the rule: cache.ResponseCache). */
public enum CacheStrategy {
    /** Every request. For evaluations and batch re-runs where the same question should cost once. */
    AGGRESSIVE,
    /** Only requests whose answer is meant to repeat: temperature 0 or a seed, and no tools. */
    CONSERVATIVE,
    /** Conservative requests that also opt in (Cache-Control / X-Gateway-Cache-Enabled on the request). */
    SELECTIVE,
    /** Never. */
    DISABLED
}
