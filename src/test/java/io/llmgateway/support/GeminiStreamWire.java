package io.llmgateway.support;

import io.llmgateway.support.StreamingFake.Send;

/**
 * Events of the Gemini API's streamGenerateContent?alt=sse, as Google's servers send them: each
 * {@code data:} line is a whole GenerateContentResponse (frames end in CRLF CRLF), usageMetadata
 * holds running totals, the last piece of a candidate carries finishReason, and no [DONE] follows.
 */
public final class GeminiStreamWire {

    public static final String CONTENT_TYPE = "text/event-stream";
    public static final String RESPONSE_ID = "yJ9XaPWCLp7f1PIP4-zY8Aw";
    private static final String TAIL = "\"modelVersion\": \"gemini-2.0-flash\",\"responseId\": \"" + RESPONSE_ID + "\"}";

    private GeminiStreamWire() {
    }

    public static Send event(String json) {
        return new Send("data: " + json + "\r\n\r\n");
    }

    /** A piece of the answer's text, the candidate not finished yet. */
    public static Send text(String text) {
        return event("{\"candidates\": [{\"content\": {\"parts\": [{\"text\": \"" + text + "\"}],\"role\": \"model\"},"
                + "\"index\": 0}],\"usageMetadata\": {\"promptTokenCount\": 8,\"totalTokenCount\": 8,"
                + "\"promptTokensDetails\": [{\"modality\": \"TEXT\",\"tokenCount\": 8}]}," + TAIL);
    }

    /** The candidate's last piece: text, finishReason and the final token counts. */
    public static Send last(String text, String finishReason, int prompt, int candidates) {
        return event("{\"candidates\": [{\"content\": {\"parts\": [{\"text\": \"" + text + "\"}],\"role\": \"model\"},"
                + "\"finishReason\": \"" + finishReason + "\",\"index\": 0}],\"usageMetadata\": {\"promptTokenCount\": "
                + prompt + ",\"candidatesTokenCount\": " + candidates + ",\"totalTokenCount\": " + (prompt + candidates)
                + ",\"promptTokensDetails\": [{\"modality\": \"TEXT\",\"tokenCount\": " + prompt + "}],"
                + "\"candidatesTokensDetails\": [{\"modality\": \"TEXT\",\"tokenCount\": " + candidates + "}]}," + TAIL);
    }

    /** A function call: Gemini sends it whole in one event, finishing with STOP. */
    public static Send functionCall(String name, String argsJson) {
        return event("{\"candidates\": [{\"content\": {\"parts\": [{\"functionCall\": {\"name\": \"" + name
                + "\",\"args\": " + argsJson + "}}],\"role\": \"model\"},\"finishReason\": \"STOP\",\"index\": 0}],"
                + "\"usageMetadata\": {\"promptTokenCount\": 53,\"candidatesTokenCount\": 7,\"totalTokenCount\": 60}," + TAIL);
    }

    /** The prompt was blocked: no candidate at all, promptFeedback says why. */
    public static Send blocked(String reason) {
        return event("{\"promptFeedback\": {\"blockReason\": \"" + reason + "\",\"safetyRatings\": [{\"category\": "
                + "\"HARM_CATEGORY_DANGEROUS_CONTENT\",\"probability\": \"HIGH\",\"blocked\": true}]},"
                + "\"usageMetadata\": {\"promptTokenCount\": 12,\"totalTokenCount\": 12}," + TAIL);
    }

    /** An error Google reports inside a stream that had begun with 200. */
    public static Send error(int code, String status, String message) {
        return event("{\"error\": {\"code\": " + code + ",\"message\": \"" + message + "\",\"status\": \"" + status + "\"}}");
    }
}
