package io.llmgateway.batch;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.llmgateway.error.GatewayException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.camel.Exchange;
import org.springframework.stereotype.Component;

/**
 * The batches this gateway instance has seen since it started, served as OpenAI Batch objects by
 * GET /v1/batches and /v1/batches/{batch_id}. Kept in memory; the outbox files are the durable record.
 */
@Component("batches")
public class Batches {

    private static final int KEEP = 1000;

    private final Map<String, BatchJob> jobs = new LinkedHashMap<>();

    synchronized BatchJob register(String name, Duration progressInterval, int concurrency) {
        String key = name.replaceAll("[^A-Za-z0-9-]", "-");
        String id = "batch_" + key;
        BatchJob job = new BatchJob(id, key, name, Instant.now(), progressInterval, concurrency);
        jobs.remove(id);
        jobs.put(id, job);
        while (jobs.size() > KEEP) {
            jobs.remove(jobs.keySet().iterator().next());
        }
        return job;
    }

    /** GET /v1/batches: newest first, in OpenAI's list shape. */
    public void list(Exchange exchange) {
        List<BatchObject> data = new ArrayList<>();
        synchronized (this) {
            jobs.values().forEach(job -> data.add(BatchObject.of(job)));
        }
        data.sort(Comparator.comparingLong(BatchObject::createdAt).reversed());
        exchange.getIn().setBody(new BatchList("list", data, data.isEmpty() ? null : data.get(0).id(),
                data.isEmpty() ? null : data.get(data.size() - 1).id(), false));
    }

    /** OpenAI's list shape; first_id and last_id are null when there is nothing to list. */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    record BatchList(String object, List<BatchObject> data, @JsonProperty("first_id") String firstId,
                     @JsonProperty("last_id") String lastId, @JsonProperty("has_more") boolean hasMore) {
    }

    /** GET /v1/batches/{batch_id}; 404 in OpenAI's words when unknown. */
    public void get(Exchange exchange) {
        String id = exchange.getIn().getHeader("batch_id", String.class);
        BatchJob job;
        synchronized (this) {
            job = jobs.get(id);
        }
        if (job == null) {
            throw new GatewayException(404, "invalid_request_error", "not_found", "batch_id",
                    "No batch found with id '" + id + "'.");
        }
        exchange.getIn().setBody(BatchObject.of(job));
    }
}
