package io.llmgateway.batch;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.llmgateway.chat.Json;
import io.llmgateway.stream.BoundedLineReader;
import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.BitSet;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.concurrent.Semaphore;

/**
 * Streams an input file line by line, in file order, as {@link BatchLine}s: skips lines a previous
 * run already finished, and decides duplicates here (the first line with a custom_id wins) so the
 * verdict does not depend on which parallel line finishes first. Only the custom_ids are kept.
 */
public class BatchLines implements Iterator<BatchLine>, Closeable {

    static final String CHAT = "/v1/chat/completions";
    static final String EMBEDDINGS = "/v1/embeddings";

    private final BoundedLineReader reader;
    private final BitSet finished;
    private final Map<String, Long> firstLine = new HashMap<>();
    private final Semaphore inFlight;
    private long number;
    private BatchLine next;
    private boolean closed;

    /**
     * @param inFlight one permit per line allowed in flight; taken here, given back when the line's
     *                 result is written, so reading waits for the workers and the file never piles up in memory
     */
    public BatchLines(Path file, BitSet finished, Semaphore inFlight, long maxLineChars) throws IOException {
        this.reader = new BoundedLineReader(Files.newBufferedReader(file, StandardCharsets.UTF_8), maxLineChars);
        this.finished = finished;
        this.inFlight = inFlight;
    }

    /** Counts the lines that hold a request (non-blank; a line over the limit counts: it gets an error line), streaming. */
    public static long count(Path file, long maxLineChars) throws IOException {
        long count = 0;
        try (BoundedLineReader in = new BoundedLineReader(Files.newBufferedReader(file, StandardCharsets.UTF_8), maxLineChars)) {
            while (true) {
                try {
                    String line = in.readLine();
                    if (line == null) {
                        return count;
                    }
                    if (!line.isBlank()) {
                        count++;
                    }
                } catch (BoundedLineReader.LineTooLong e) {
                    count++;
                }
            }
        }
    }

    @Override
    public boolean hasNext() {
        while (next == null) {
            if (closed) {
                return false;
            }
            String raw;
            BatchLine line;
            try {
                raw = reader.readLine();
            } catch (BoundedLineReader.LineTooLong e) {
                // never held whole: this line gets its error, the rest of the file goes on
                number++;
                line = problem(number, null, null, "line_too_long", "Line " + number + " is longer than the limit of "
                        + e.limit() + " characters (gateway.batch.max-line-size).");
                if (!finished.get((int) number)) {
                    next = line;
                }
                continue;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            if (raw == null) {
                close();
                return false;
            }
            number++;
            if (raw.isBlank()) {
                continue;
            }
            line = parse(number, raw);
            if (!finished.get((int) number)) {
                next = line;
            }
        }
        return true;
    }

    @Override
    public BatchLine next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        BatchLine line = next;
        next = null;
        try {
            inFlight.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for a free batch worker", e);
        }
        return line;
    }

    private BatchLine parse(long at, String raw) {
        JsonNode tree;
        try {
            tree = Json.MAPPER.readTree(raw);
        } catch (JsonProcessingException e) {
            String reason = e.getOriginalMessage().split("\n", 2)[0];
            return problem(at, null, null, "invalid_json", "Line " + at + " is not valid JSON: " + reason);
        }
        if (tree == null || !tree.isObject()) {
            return problem(at, null, null, "invalid_json", "Line " + at + " must be a JSON object.");
        }
        JsonNode id = tree.get("custom_id");
        String customId = id != null && id.isTextual() && !id.asText().isBlank() ? id.asText() : null;
        String url = tree.path("url").isTextual() ? tree.path("url").asText() : null;
        if (customId == null) {
            return problem(at, null, url, "missing_custom_id",
                    "Line " + at + " has no custom_id (a non-empty string is required).");
        }
        Long first = firstLine.putIfAbsent(customId, at);
        if (first != null && first != at) {
            return problem(at, customId, url, "duplicate_custom_id",
                    "Line " + at + " repeats custom_id '" + customId + "' already used on line " + first + ".");
        }
        String method = tree.path("method").asText("POST");
        if (!"POST".equals(method)) {
            return problem(at, customId, url, "invalid_method",
                    "Line " + at + ": method must be POST, not '" + method + "'.");
        }
        if (url == null || !(url.equals(CHAT) || url.equals(EMBEDDINGS))) {
            return problem(at, customId, url, "invalid_url", "Line " + at + ": url must be " + CHAT
                    + " or " + EMBEDDINGS + ", not " + (url == null ? "missing" : "'" + url + "'") + ".");
        }
        JsonNode body = tree.get("body");
        if (body == null || !body.isObject()) {
            return problem(at, customId, url, "missing_body", "Line " + at + " has no request body object.");
        }
        return new BatchLine(at, customId, url, body, null);
    }

    private static BatchLine problem(long at, String customId, String url, String code, String message) {
        return new BatchLine(at, customId, url, null, new BatchLine.LineProblem(code, message));
    }

    @Override
    public void close() {
        closed = true;
        try {
            reader.close();
        } catch (IOException ignored) {
            // reading is over either way
        }
    }
}
