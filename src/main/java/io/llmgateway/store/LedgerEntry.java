package io.llmgateway.store;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * One answered request as the ledger keeps it: ids, names, numbers and the outcome; never content,
 * headers or secrets. {@code costUsd} is null when the model has no pricing (unknown, not free).
 */
public record LedgerEntry(String entryId,
                          String requestId,
                          String door,
                          String keyId,
                          String tenant,
                          String alias,
                          String provider,
                          String upstreamModel,
                          int status,
                          long inputTokens,
                          long cachedInputTokens,
                          long outputTokens,
                          boolean estimated,
                          boolean charged,
                          BigDecimal costUsd,
                          Long latencyMs,
                          Long upstreamMs,
                          String streamOutcome,
                          Instant startedAt,
                          Instant finishedAt) {
}
