package io.llmgateway.support;

/** Bodies in Ollama's native /api/chat wire format (stream false), as in its API reference. */
public final class OllamaWire {

    private OllamaWire() {
    }

    public static String text(String model, String text) {
        return """
                {"model":"%s","created_at":"2023-12-12T14:13:43.416799Z",
                 "message":{"role":"assistant","content":"%s"},
                 "done":true,"done_reason":"stop","total_duration":5191566416,"load_duration":2154458,
                 "prompt_eval_count":26,"prompt_eval_duration":383809000,"eval_count":298,"eval_duration":4799921000}
                """.formatted(model, text);
    }

    public static String toolCall(String model, String name, String argsJson) {
        return """
                {"model":"%s","created_at":"2024-07-22T20:33:28.123648Z",
                 "message":{"role":"assistant","content":"",
                  "tool_calls":[{"function":{"name":"%s","arguments":%s}}]},
                 "done_reason":"stop","done":true,"total_duration":885095291,"load_duration":3753500,
                 "prompt_eval_count":122,"prompt_eval_duration":328493000,"eval_count":33,"eval_duration":552222000}
                """.formatted(model, name, argsJson);
    }

    public static String error(String message) {
        return """
                {"error":"%s"}
                """.formatted(message);
    }
}
