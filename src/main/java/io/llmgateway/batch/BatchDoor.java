package io.llmgateway.batch;

import io.llmgateway.chat.Json;
import io.llmgateway.core.ExchangeProperties;
import io.llmgateway.error.ErrorMapper;
import io.llmgateway.error.GatewayException;
import io.llmgateway.error.OpenAiError;
import io.llmgateway.usage.UpstreamTimer;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.apache.camel.Exchange;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.stereotype.Component;

/**
 * The file door's steps: open a dropped file as a batch (resuming what an earlier run finished),
 * turn each line into a pipeline request, and write each outcome as exactly one output or error line.
 */
@Component("batchDoor")
@EnableConfigurationProperties(BatchProperties.class)
public class BatchDoor {

    private final BatchProperties properties;
    private final Batches batches;
    private final ErrorMapper errors;

    public BatchDoor(BatchProperties properties, Batches batches, ErrorMapper errors) {
        this.properties = properties;
        this.batches = batches;
        this.errors = errors;
    }

    /** Route precondition: gateway.batch.enabled. */
    public boolean enabled() {
        return properties.isEnabled();
    }

    /** Opens the batch for the dropped file; the body becomes a streaming iterator over its lines. */
    public void start(Exchange exchange) throws IOException {
        Path input = exchange.getIn().getBody(File.class).toPath();
        String fileName = input.getFileName().toString();
        String name = fileName.endsWith(".jsonl") ? fileName.substring(0, fileName.length() - ".jsonl".length()) : fileName;
        Files.createDirectories(properties.getOutbox());
        Path output = properties.getOutbox().resolve(name + ".output.jsonl");
        Path errorsFile = properties.getOutbox().resolve(name + ".errors.jsonl");
        if (Files.exists(properties.getDone().resolve(fileName))) {
            // the same name finished before: this is a new batch, not a resume; keep the old results aside
            String suffix = ".previous-" + Instant.now().toEpochMilli();
            moveIfExists(output, output.resolveSibling(output.getFileName() + suffix));
            moveIfExists(errorsFile, errorsFile.resolveSibling(errorsFile.getFileName() + suffix));
        }
        BatchJob job = batches.register(name, properties.getProgressInterval(), properties.getConcurrency());
        exchange.setProperty(ExchangeProperties.BATCH_JOB, job);
        job.open(input, output, errorsFile, properties.getMaxLineSize().toBytes());
        exchange.getIn().setBody(new BatchLines(input, job.finished, job.inFlight, properties.getMaxLineSize().toBytes()));
    }

    /** Turns a line into the pipeline's input, or refuses it with the line's own error. */
    public void lineRequest(Exchange exchange) {
        // a line is a request of its own: its time starts when it is taken, not when the file was
        UpstreamTimer.start(exchange);
        BatchLine line = exchange.getIn().getBody(BatchLine.class);
        BatchJob job = exchange.getProperty(ExchangeProperties.BATCH_JOB, BatchJob.class);
        exchange.setProperty(ExchangeProperties.BATCH_LINE, line);
        exchange.setProperty(ExchangeProperties.REQUEST_ID, BatchOutput.recordId(job.key, line.number()));
        if (line.problem() != null) {
            throw new BatchLineException(line.problem().code(), line.problem().message());
        }
        if (BatchLines.EMBEDDINGS.equals(line.url())) {
            throw new BatchLineException("unsupported_url", "Line " + line.number() + ": " + BatchLines.EMBEDDINGS
                    + " is not served by this gateway yet; only " + BatchLines.CHAT + " lines run.");
        }
        exchange.getIn().setBody(Json.write(line.body()));
    }

    /** The answer as one output line. */
    public void lineDone(Exchange exchange) {
        BatchLine line = exchange.getProperty(ExchangeProperties.BATCH_LINE, BatchLine.class);
        BatchJob job = exchange.getProperty(ExchangeProperties.BATCH_JOB, BatchJob.class);
        String id = exchange.getProperty(ExchangeProperties.REQUEST_ID, String.class);
        job.completed(new BatchRecords.Line(id, line.customId(),
                new BatchRecords.Response(200, id, exchange.getIn().getBody()), null));
    }

    /**
     * The failure as one error line: a refused line carries OpenAI's per-line error object; a request
     * the pipeline or a provider failed carries the status and OpenAI error body an HTTP caller would get.
     */
    public void lineFailed(Exchange exchange) {
        BatchJob job = exchange.getProperty(ExchangeProperties.BATCH_JOB, BatchJob.class);
        BatchLine line = exchange.getProperty(ExchangeProperties.BATCH_LINE, BatchLine.class);
        String id = exchange.getProperty(ExchangeProperties.REQUEST_ID, String.class);
        Throwable failure = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        String customId = line == null ? null : line.customId();
        if (failure instanceof BatchLineException refused) {
            job.failed(new BatchRecords.Line(id, customId, null,
                    new BatchRecords.Error(refused.code(), refused.getMessage())));
            return;
        }
        GatewayException error = errors.classify(failure, exchange.getProperty(ExchangeProperties.PROVIDER, String.class));
        job.failed(new BatchRecords.Line(id, customId,
                new BatchRecords.Response(error.status(), id, OpenAiError.of(error)), null));
    }

    public void finish(Exchange exchange) throws IOException {
        exchange.getProperty(ExchangeProperties.BATCH_JOB, BatchJob.class).finish();
    }

    /** The file could not be worked through; Camel moves it to the failed folder. */
    public void fail(Exchange exchange) {
        BatchJob job = exchange.getProperty(ExchangeProperties.BATCH_JOB, BatchJob.class);
        Throwable failure = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        if (job != null) {
            job.fail(failure == null ? "unknown" : failure.getClass().getSimpleName() + ": " + failure.getMessage());
        }
    }

    private static void moveIfExists(Path from, Path to) throws IOException {
        if (Files.exists(from)) {
            Files.move(from, to);
        }
    }
}
