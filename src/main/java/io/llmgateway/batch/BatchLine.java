package io.llmgateway.batch;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One non-blank input line: its 1-based line number, what it asks for, or why it cannot run.
 *
 * @param problem null when the line is a runnable request
 */
public record BatchLine(long number, String customId, String url, JsonNode body, LineProblem problem) {

    /** A line the gateway refuses before calling anything: OpenAI's per-line error object. */
    public record LineProblem(String code, String message) {
    }
}
