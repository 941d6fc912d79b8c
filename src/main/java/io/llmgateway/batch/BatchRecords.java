package io.llmgateway.batch;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/** OpenAI's Batch output/error line: {@code {"id","custom_id","response":{...},"error":{...}}}. */
final class BatchRecords {

    private BatchRecords() {
    }

    @JsonInclude(JsonInclude.Include.ALWAYS)
    record Line(String id, @JsonProperty("custom_id") String customId, Response response, Error error) {
    }

    @JsonInclude(JsonInclude.Include.ALWAYS)
    record Response(@JsonProperty("status_code") int statusCode, @JsonProperty("request_id") String requestId,
                    Object body) {
    }

    @JsonInclude(JsonInclude.Include.ALWAYS)
    record Error(String code, String message) {
    }
}
