package io.llmgateway.batch;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** OpenAI's Batch object; file ids are the outbox file names, times are Unix seconds. */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record BatchObject(
        String id,
        String object,
        String endpoint,
        Errors errors,
        @JsonProperty("input_file_id") String inputFileId,
        @JsonProperty("completion_window") String completionWindow,
        String status,
        @JsonProperty("output_file_id") String outputFileId,
        @JsonProperty("error_file_id") String errorFileId,
        @JsonProperty("created_at") long createdAt,
        @JsonProperty("in_progress_at") Long inProgressAt,
        @JsonProperty("expires_at") Long expiresAt,
        @JsonProperty("finalizing_at") Long finalizingAt,
        @JsonProperty("completed_at") Long completedAt,
        @JsonProperty("failed_at") Long failedAt,
        @JsonProperty("expired_at") Long expiredAt,
        @JsonProperty("cancelling_at") Long cancellingAt,
        @JsonProperty("cancelled_at") Long cancelledAt,
        @JsonProperty("request_counts") RequestCounts requestCounts,
        Map<String, String> metadata) {

    public record RequestCounts(long total, long completed, long failed) {
    }

    public record Errors(String object, List<Error> data) {
    }

    public record Error(String code, String message, String param, Long line) {
    }

    static BatchObject of(BatchJob job) {
        Errors errors = job.failure() == null ? null
                : new Errors("list", List.of(new Error("file_failed", job.failure(), null, null)));
        return new BatchObject(job.id, "batch", BatchLines.CHAT, errors, job.name + ".jsonl", "24h", job.status(),
                name(job.outputFile()), name(job.errorsFile()), job.createdAt.getEpochSecond(),
                seconds(job.inProgressAt()), null, seconds(job.completedAt()), seconds(job.completedAt()),
                seconds(job.failedAt()), null, null, null,
                new RequestCounts(job.total(), job.completedCount(), job.failedCount()), Map.of());
    }

    private static Long seconds(Instant at) {
        return at == null ? null : at.getEpochSecond();
    }

    private static String name(Path file) {
        return file == null ? null : file.getFileName().toString();
    }
}
