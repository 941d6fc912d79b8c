package io.llmgateway.support;

import io.llmgateway.support.StreamingFake.Send;

/**
 * Lines of Ollama's streamed /api/chat (Content-Type application/x-ndjson): one JSON object per line,
 * "done": false while tokens come, tool calls whole in one line, a last line with "done": true,
 * done_reason and the counts; an error after the start is a line {"error":"..."} (API reference, Errors).
 */
public final class OllamaStreamWire {

    public static final String CONTENT_TYPE = "application/x-ndjson";
    public static final String MODEL = "llama3.2";

    private OllamaStreamWire() {
    }

    public static Send line(String json) {
        return new Send(json + "\n");
    }

    public static Send text(String text) {
        return line("{\"model\":\"" + MODEL + "\",\"created_at\":\"2025-10-26T17:15:24.097767Z\","
                + "\"message\":{\"role\":\"assistant\",\"content\":\"" + text + "\"},\"done\":false}");
    }

    public static Send toolCall(String name, String argsJson) {
        return line("{\"model\":\"" + MODEL + "\",\"created_at\":\"2025-05-27T22:54:57.641643Z\","
                + "\"message\":{\"role\":\"assistant\",\"content\":\"\",\"tool_calls\":[{\"function\":{\"name\":\""
                + name + "\",\"arguments\":" + argsJson + "}}]},\"done\":false}");
    }

    public static Send done(String reason, int prompt, int eval) {
        return line("{\"model\":\"" + MODEL + "\",\"created_at\":\"2025-10-26T17:15:24.166576Z\","
                + "\"message\":{\"role\":\"assistant\",\"content\":\"\"},\"done_reason\":\"" + reason + "\",\"done\":true,"
                + "\"total_duration\":5191566416,\"load_duration\":2154458,\"prompt_eval_count\":" + prompt
                + ",\"prompt_eval_duration\":383809000,\"eval_count\":" + eval + ",\"eval_duration\":4799921000}");
    }

    public static Send error(String message) {
        return line("{\"error\":\"" + message + "\"}");
    }
}
