package io.llmgateway.support;

/** Bodies in OpenAI's wire format, as in the Chat Completions API reference. */
public final class OpenAiWire {

    private OpenAiWire() {
    }

    public static String completion(String model, String text) {
        return """
                {
                  "id": "chatcmpl-B9MBs8CjcvOU2jLn4n570S5qMJKcT",
                  "object": "chat.completion",
                  "created": 1741569952,
                  "model": "%s",
                  "choices": [
                    {
                      "index": 0,
                      "message": {
                        "role": "assistant",
                        "content": "%s",
                        "refusal": null,
                        "annotations": []
                      },
                      "logprobs": null,
                      "finish_reason": "stop"
                    }
                  ],
                  "usage": {
                    "prompt_tokens": 19,
                    "completion_tokens": 10,
                    "total_tokens": 29,
                    "prompt_tokens_details": {"cached_tokens": 0, "audio_tokens": 0},
                    "completion_tokens_details": {"reasoning_tokens": 0, "audio_tokens": 0,
                      "accepted_prediction_tokens": 0, "rejected_prediction_tokens": 0}
                  },
                  "service_tier": "default",
                  "system_fingerprint": "fp_06737a9306"
                }
                """.formatted(model, text);
    }

    public static String error(String message, String type, String param, String code) {
        return """
                {"error": {"message": "%s", "type": "%s", "param": %s, "code": %s}}
                """.formatted(message, type, param == null ? "null" : '"' + param + '"',
                code == null ? "null" : '"' + code + '"');
    }
}
