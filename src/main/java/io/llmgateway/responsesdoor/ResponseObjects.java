package io.llmgateway.responsesdoor;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import com.fasterxml.jackson.databind.JsonNode;
import io.llmgateway.chat.ChatMessage;
import io.llmgateway.chat.ChatResponse;
import io.llmgateway.chat.Json;
import io.llmgateway.chat.ToolCall;
import io.llmgateway.chat.Usage;
import io.llmgateway.usage.TokenUsage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/** Canonical answers -> the Responses API's objects: output items, usage, the finished Response as JSON bytes. */
final class ResponseObjects {

    private ResponseObjects() {
    }

    /** The whole chat.completion as a finished Response. */
    static byte[] fromChat(ResponseDraft draft, ChatResponse chat, TokenUsage usage) {
        List<OutputItem> output = new ArrayList<>(2);
        ChatResponse.Choice choice = chat.choices.isEmpty() ? null : chat.choices.get(0);
        ChatMessage answer = choice == null ? null : choice.message;
        boolean hasCalls = answer != null && answer.toolCalls != null && !answer.toolCalls.isEmpty();
        JsonNode refusal = answer == null ? null : answer.extra().get("refusal");
        if (refusal != null && refusal.isTextual()) {
            output.add(new OutputItem.Message("completed", "refusal", refusal.asText()));
        } else if (!hasCalls || !answer.text().isEmpty()) {
            output.add(new OutputItem.Message("completed", "output_text", answer == null ? "" : answer.text()));
        }
        if (hasCalls) {
            for (ToolCall call : answer.toolCalls) {
                output.add(new OutputItem.FunctionCall(ResponseIds.next("fc_"), call.id, call.function.name,
                        call.function.arguments == null ? "" : call.function.arguments, "completed"));
            }
        }
        return finish(draft, output, choice == null ? null : choice.finishReason, usage, chat.usage);
    }

    /** The Response at its end: status from the finish reason, output, usage and output_text. */
    static byte[] finish(ResponseDraft draft, List<OutputItem> output, String finishReason, TokenUsage usage,
            Usage reported) {
        String incomplete = incomplete(finishReason);
        ResponseUsage counts = ResponseUsage.of(usage, reported);
        long completedAt = System.currentTimeMillis() / 1000;
        return write(g -> draft.write(g, incomplete == null ? "completed" : "incomplete", completedAt, incomplete,
                output, counts, null, null, true));
    }

    /** The finish reason's incomplete_details.reason, or null when the answer is complete. */
    static String incomplete(String finishReason) {
        return switch (finishReason == null ? "" : finishReason) {
            case "length" -> "max_output_tokens";
            case "content_filter" -> "content_filter";
            default -> null;
        };
    }

    /** Something written with a generator, as bytes. */
    static byte[] write(Writing writing) {
        // the generator's own buffer comes from the mapper's shared pool; this one holds the result
        try (ByteArrayBuilder bytes = new ByteArrayBuilder(1024)) {
            try (JsonGenerator g = Json.MAPPER.createGenerator(bytes)) {
                writing.write(g);
            }
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @FunctionalInterface
    interface Writing {
        void write(JsonGenerator g) throws IOException;
    }
}
