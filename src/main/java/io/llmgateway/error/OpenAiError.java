package io.llmgateway.error;

import com.fasterxml.jackson.annotation.JsonInclude;

/** OpenAI's error body: {@code {"error":{"message","type","param","code"}}}, plus the provider that failed. */
public record OpenAiError(Body error) {

    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record Body(String message, String type, String param, String code,
                       @JsonInclude(JsonInclude.Include.NON_NULL) String provider) {
    }

    public static OpenAiError of(GatewayException e) {
        return new OpenAiError(new Body(e.getMessage(), e.type(), e.param(), e.code(), e.provider()));
    }
}
