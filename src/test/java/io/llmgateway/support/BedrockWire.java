package io.llmgateway.support;

/** Bodies in Amazon Bedrock's Converse API wire format, as in its API reference. */
public final class BedrockWire {

    private BedrockWire() {
    }

    public static String text(String text) {
        return """
                {"output":{"message":{"role":"assistant","content":[{"text":"%s"}]}},
                 "stopReason":"end_turn",
                 "usage":{"inputTokens":30,"outputTokens":628,"totalTokens":658},
                 "metrics":{"latencyMs":1275}}
                """.formatted(text);
    }

    public static String toolUse(String id, String name, String inputJson) {
        return """
                {"output":{"message":{"role":"assistant","content":[
                   {"toolUse":{"toolUseId":"%s","name":"%s","input":%s}}]}},
                 "stopReason":"tool_use",
                 "usage":{"inputTokens":415,"outputTokens":56,"totalTokens":471},
                 "metrics":{"latencyMs":1542}}
                """.formatted(id, name, inputJson);
    }

    /** Bedrock's error body; its name travels in the x-amzn-ErrorType header. */
    public static FakeProvider.Answer error(int status, String type, String message) {
        return FakeProvider.Answer.json(status, """
                {"message":"%s"}
                """.formatted(message)).withHeader("x-amzn-ErrorType", type + ":http://internal.amazon.com/coral/com.amazon.bedrock/");
    }
}
