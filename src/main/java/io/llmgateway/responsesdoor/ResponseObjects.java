package io.llmgateway.responsesdoor;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmgateway.chat.ChatMessage;
import io.llmgateway.chat.ChatResponse;
import io.llmgateway.chat.Json;
import io.llmgateway.chat.ToolCall;
import io.llmgateway.chat.Usage;
import io.llmgateway.usage.TokenUsage;
import java.time.Instant;

/** Canonical answers -> the Responses API's objects: output items, usage, the finished Response. */
final class ResponseObjects {

    private ResponseObjects() {
    }

    /** The whole chat.completion as a finished Response. */
    static ObjectNode fromChat(ResponseDraft draft, ChatResponse chat, TokenUsage usage) {
        ArrayNode output = Json.MAPPER.createArrayNode();
        ChatResponse.Choice choice = chat.choices.isEmpty() ? null : chat.choices.get(0);
        ChatMessage answer = choice == null ? null : choice.message;
        boolean hasCalls = answer != null && answer.toolCalls != null && !answer.toolCalls.isEmpty();
        JsonNode refusal = answer == null ? null : answer.extra().get("refusal");
        if (refusal != null && refusal.isTextual()) {
            ObjectNode message = message("completed");
            message.withArray("content").addObject().put("type", "refusal").put("refusal", refusal.asText());
            output.add(message);
        } else if (!hasCalls || !answer.text().isEmpty()) {
            ObjectNode message = message("completed");
            message.withArray("content").add(outputText(answer == null ? "" : answer.text()));
            output.add(message);
        }
        if (hasCalls) {
            for (ToolCall call : answer.toolCalls) {
                output.add(functionCall(ResponseIds.next("fc_"), call.id, call.function.name,
                        call.function.arguments == null ? "" : call.function.arguments, "completed"));
            }
        }
        return finish(draft, output, choice == null ? null : choice.finishReason, usage, chat.usage);
    }

    /** The Response at its end: status from the finish reason, output, usage and output_text. */
    static ObjectNode finish(ResponseDraft draft, ArrayNode output, String finishReason, TokenUsage usage, Usage reported) {
        String incomplete = switch (finishReason == null ? "" : finishReason) {
            case "length" -> "max_output_tokens";
            case "content_filter" -> "content_filter";
            default -> null;
        };
        ObjectNode response = draft.finished(incomplete == null ? "completed" : "incomplete");
        response.put("completed_at", Instant.now().getEpochSecond());
        if (incomplete != null) {
            response.putObject("incomplete_details").put("reason", incomplete);
        }
        response.set("output", output);
        response.set("usage", usage(usage, reported));
        response.put("output_text", outputText(output));
        return response;
    }

    static ObjectNode message(String status) {
        ObjectNode message = Json.MAPPER.createObjectNode().put("type", "message").put("id", ResponseIds.next("msg_"))
                .put("status", status).put("role", "assistant");
        message.putArray("content");
        return message;
    }

    static ObjectNode outputText(String text) {
        ObjectNode part = Json.MAPPER.createObjectNode().put("type", "output_text").put("text", text);
        part.putArray("annotations");
        part.putArray("logprobs");
        return part;
    }

    static ObjectNode functionCall(String id, String callId, String name, String arguments, String status) {
        return Json.MAPPER.createObjectNode().put("type", "function_call").put("id", id).put("call_id", callId)
                .put("name", name).put("arguments", arguments).put("status", status);
    }

    /**
     * The usage as the gateway recorded it (the vendor's numbers, or its estimate when the vendor
     * sent none), so the Response and the request log agree; reasoning tokens from the vendor's details.
     */
    static ObjectNode usage(TokenUsage usage, Usage reported) {
        long input = usage != null ? usage.inputTokens() : reported == null ? 0 : reported.promptTokens;
        long cached = usage != null ? usage.cachedInputTokens()
                : reported == null ? 0 : reported.extra().getOrDefault("prompt_tokens_details", Json.MAPPER.missingNode())
                .path("cached_tokens").asLong(0);
        long output = usage != null ? usage.outputTokens() : reported == null ? 0 : reported.completionTokens;
        long reasoning = reported == null ? 0 : reported.extra()
                .getOrDefault("completion_tokens_details", Json.MAPPER.missingNode()).path("reasoning_tokens").asLong(0);
        ObjectNode node = Json.MAPPER.createObjectNode();
        node.put("input_tokens", input);
        node.putObject("input_tokens_details").put("cached_tokens", cached).put("cache_write_tokens", 0);
        node.put("output_tokens", output);
        node.putObject("output_tokens_details").put("reasoning_tokens", reasoning);
        node.put("total_tokens", input + output);
        return node;
    }

    /** The SDKs' output_text: every output_text part of every message, concatenated. */
    static String outputText(ArrayNode output) {
        StringBuilder text = new StringBuilder();
        for (JsonNode item : output) {
            for (JsonNode part : item.path("content")) {
                if ("output_text".equals(part.path("type").asText())) {
                    text.append(part.path("text").asText());
                }
            }
        }
        return text.toString();
    }
}
