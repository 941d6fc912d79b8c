package io.llmgateway.tools;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmgateway.chat.Json;

/** OpenAI chat.completion answers that call tools, as in the Chat Completions API reference (function calling). */
final class ToolWire {

    record Call(String id, String name, String arguments) {
    }

    private ToolWire() {
    }

    static Call call(String id, String name, String arguments) {
        return new Call(id, name, arguments);
    }

    /** An answer with finish_reason tool_calls: content null, one entry per call, arguments as a JSON string. */
    static String toolCalls(int promptTokens, int completionTokens, Call... calls) {
        ObjectNode answer = base(promptTokens, completionTokens);
        ObjectNode choice = answer.withArray("choices").addObject();
        choice.put("index", 0);
        ObjectNode message = choice.putObject("message");
        message.put("role", "assistant");
        message.putNull("content");
        ArrayNode toolCalls = message.putArray("tool_calls");
        for (Call call : calls) {
            ObjectNode c = toolCalls.addObject();
            c.put("id", call.id());
            c.put("type", "function");
            c.putObject("function").put("name", call.name()).put("arguments", call.arguments());
        }
        message.putNull("refusal");
        message.putArray("annotations");
        choice.putNull("logprobs");
        choice.put("finish_reason", "tool_calls");
        return answer.toString();
    }

    static String text(int promptTokens, int completionTokens, String text) {
        ObjectNode answer = base(promptTokens, completionTokens);
        ObjectNode choice = answer.withArray("choices").addObject();
        choice.put("index", 0);
        choice.putObject("message").put("role", "assistant").put("content", text).putNull("refusal");
        choice.putNull("logprobs");
        choice.put("finish_reason", "stop");
        return answer.toString();
    }

    private static ObjectNode base(int promptTokens, int completionTokens) {
        ObjectNode answer = Json.MAPPER.createObjectNode();
        answer.put("id", "chatcmpl-BIZm4FxNQJtCOzvr3kmXj2PWmxf3N");
        answer.put("object", "chat.completion");
        answer.put("created", 1743692108);
        answer.put("model", "gpt-4o-mini-2024-07-18");
        answer.putArray("choices");
        ObjectNode usage = answer.putObject("usage");
        usage.put("prompt_tokens", promptTokens);
        usage.put("completion_tokens", completionTokens);
        usage.put("total_tokens", promptTokens + completionTokens);
        usage.putObject("prompt_tokens_details").put("cached_tokens", 0).put("audio_tokens", 0);
        usage.putObject("completion_tokens_details").put("reasoning_tokens", 0).put("audio_tokens", 0)
                .put("accepted_prediction_tokens", 0).put("rejected_prediction_tokens", 0);
        answer.put("service_tier", "default");
        answer.put("system_fingerprint", "fp_b376dfbbd5");
        return answer;
    }
}
