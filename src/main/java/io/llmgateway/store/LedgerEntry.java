package io.llmgateway.store;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import java.math.BigDecimal;
import java.time.Instant;

/**
 * One answered request as the ledger keeps it: ids, names, numbers and the outcome; never content,
 * headers or secrets. {@code api}: chat, responses, messages, embeddings, ... (null on rows
 * written before the column existed). {@code costUsd} is null when the model has no pricing (unknown, not free);
 * {@code charged}: counted against the key's budget. Written as JSON by GET /admin/requests.
 */
public record LedgerEntry(@JsonProperty("entry_id") String entryId,
                          @JsonProperty("request_id") String requestId,
                          String door,
                          String api,
                          @JsonProperty("key") String keyId,
                          String tenant,
                          @JsonProperty("model") String alias,
                          String provider,
                          @JsonProperty("upstream_model") String upstreamModel,
                          int status,
                          @JsonProperty("input_tokens") long inputTokens,
                          @JsonProperty("cached_input_tokens") long cachedInputTokens,
                          @JsonProperty("output_tokens") long outputTokens,
                          boolean estimated,
                          boolean charged,
                          @JsonProperty("cost_usd") @JsonSerialize(using = PlainDecimal.class) BigDecimal costUsd,
                          @JsonProperty("latency_ms") Long latencyMs,
                          @JsonProperty("upstream_ms") Long upstreamMs,
                          @JsonProperty("stream_outcome") String streamOutcome,
                          @JsonProperty("started_at") Instant startedAt,
                          @JsonProperty("finished_at") Instant finishedAt) {

    /**
     * A new entry id: the time in milliseconds (12 hex digits), then 64 random bits. Ids made later sort
     * later, so each batch adds to the end of the primary key's B-tree instead of touching a random
     * page per row (H2 copies each page it changes).
     */
    public static String newId() {
        java.util.concurrent.ThreadLocalRandom random = java.util.concurrent.ThreadLocalRandom.current();
        java.util.HexFormat hex = java.util.HexFormat.of();
        return "le_" + hex.toHexDigits(System.currentTimeMillis()).substring(4) + hex.toHexDigits(random.nextLong());
    }
}
