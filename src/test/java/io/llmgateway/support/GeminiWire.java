package io.llmgateway.support;

/** Bodies in the Gemini API's generateContent wire format, as in its API reference. */
public final class GeminiWire {

    private GeminiWire() {
    }

    public static String text(String text) {
        return """
                {"candidates":[{"content":{"parts":[{"text":"%s"}],"role":"model"},"finishReason":"STOP","index":0,
                  "safetyRatings":[{"category":"HARM_CATEGORY_HARASSMENT","probability":"NEGLIGIBLE"}]}],
                 "usageMetadata":{"promptTokenCount":8,"candidatesTokenCount":12,"totalTokenCount":20,
                  "promptTokensDetails":[{"modality":"TEXT","tokenCount":8}]},
                 "modelVersion":"gemini-2.0-flash","responseId":"qZpXaIuJHeXf1PIP0KrV2QE"}
                """.formatted(text);
    }

    public static String functionCall(String name, String argsJson) {
        return """
                {"candidates":[{"content":{"parts":[{"functionCall":{"name":"%s","args":%s}}],"role":"model"},
                  "finishReason":"STOP","index":0}],
                 "usageMetadata":{"promptTokenCount":53,"candidatesTokenCount":7,"totalTokenCount":60},
                 "modelVersion":"gemini-2.0-flash","responseId":"Rp9XaJ3AM9Xf1PIPx4_agQ4"}
                """.formatted(name, argsJson);
    }

    public static String error(int code, String status, String message) {
        return """
                {"error":{"code":%d,"message":"%s","status":"%s"}}
                """.formatted(code, message, status);
    }
}
