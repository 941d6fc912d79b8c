package io.llmgateway.support;

/** Bodies in Anthropic's Messages API wire format, as in its API reference. */
public final class AnthropicWire {

    private AnthropicWire() {
    }

    public static String text(String model, String text) {
        return """
                {"id":"msg_013Zva2CMHLNnXjNJJKqJ2EF","type":"message","role":"assistant","model":"%s",
                 "content":[{"type":"text","text":"%s"}],
                 "stop_reason":"end_turn","stop_sequence":null,
                 "usage":{"input_tokens":2095,"cache_creation_input_tokens":0,"cache_read_input_tokens":1024,
                          "output_tokens":503,"service_tier":"standard"}}
                """.formatted(model, text);
    }

    public static String toolUse(String model, String id, String name, String inputJson) {
        return """
                {"id":"msg_01Aq9w938a90dw8q","type":"message","role":"assistant","model":"%s",
                 "content":[{"type":"text","text":"I'll check that for you."},
                            {"type":"tool_use","id":"%s","name":"%s","input":%s}],
                 "stop_reason":"tool_use","stop_sequence":null,
                 "usage":{"input_tokens":472,"cache_creation_input_tokens":0,"cache_read_input_tokens":0,"output_tokens":89}}
                """.formatted(model, id, name, inputJson);
    }

    public static String error(String type, String message) {
        return """
                {"type":"error","error":{"type":"%s","message":"%s"},"request_id":"req_011CSHoEeqs5C35K2UUqR7Fy"}
                """.formatted(type, message);
    }
}
