package io.llmgateway.store;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import java.math.BigDecimal;
import java.time.Instant;

/**
 * One answered request as the ledger keeps it: ids, names, numbers and the outcome; never content,
 * headers or secrets. {@code costUsd} is null when the model has no pricing (unknown, not free);
 * {@code charged}: counted against the key's budget. Written as JSON by GET /admin/requests.
 */
public record LedgerEntry(@JsonProperty("entry_id") String entryId,
                          @JsonProperty("request_id") String requestId,
                          String door,
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
}
