package io.llmgateway.anthropicdoor;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmgateway.chat.ChatMessage;
import io.llmgateway.chat.ChatRequest;
import io.llmgateway.chat.ChatResponse;
import io.llmgateway.chat.Json;
import io.llmgateway.chat.ToolCall;
import io.llmgateway.core.ExchangeProperties;
import io.llmgateway.error.ErrorMapper;
import io.llmgateway.error.GatewayException;
import io.llmgateway.provider.ProviderCalls;
import io.llmgateway.stream.ChatStream;
import io.llmgateway.stream.EncodedStreamBody;
import io.llmgateway.stream.StreamBodies;
import io.llmgateway.usage.TokenCounter;
import java.io.IOException;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/** Writes the Anthropic door's answers: a Messages API message, its event stream, or its error shape. */
@Component("anthropicHttp")
public class AnthropicHttp {

    private static final Logger LOG = LoggerFactory.getLogger(AnthropicHttp.class);

    private final ErrorMapper errors;
    private final StreamBodies streams;
    private final TokenCounter tokens;

    public AnthropicHttp(ErrorMapper errors, StreamBodies streams, TokenCounter tokens) {
        this.errors = errors;
        this.streams = streams;
        this.tokens = tokens;
    }

    /** The canonical chat.completion as an Anthropic message. */
    public void message(Exchange exchange) {
        ChatResponse response = exchange.getIn().getBody(ChatResponse.class);
        exchange.getIn().setBody(Json.write(toMessage(response, exchange.getProperty(ExchangeProperties.MODEL, String.class))));
        exchange.getIn().setHeader(Exchange.CONTENT_TYPE, "application/json");
    }

    /** "stream": true: Anthropic's event stream (message_start ... message_stop), event by event. */
    public void sse(Exchange exchange) {
        ChatStream stream = streams.of(exchange);
        // message_start carries the prompt's tokens before the vendor's count arrives at the end: the
        // gateway's count, shared with the steps that already counted (none for an answer sent whole)
        int inputTokens = tokens.countPrompt(exchange, exchange.getProperty(ExchangeProperties.REQUEST, ChatRequest.class), null);
        exchange.getIn().setBody(new EncodedStreamBody(stream,
                new AnthropicEventEncoder(exchange.getProperty(ExchangeProperties.MODEL, String.class), inputTokens)));
        exchange.getIn().setHeader(Exchange.CONTENT_TYPE, "text/event-stream; charset=utf-8");
        exchange.getIn().setHeader("Cache-Control", "no-cache");
        exchange.getIn().setHeader("X-Accel-Buffering", "no");
    }

    /** Any failure, classified once, in Anthropic's error shape with the matching status. */
    public void error(Exchange exchange) {
        Throwable failure = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        GatewayException error = errors.classify(failure, exchange.getProperty(ExchangeProperties.PROVIDER, String.class));
        if (error.status() >= 500) {
            LOG.warn("request {} failed with {}: {}", exchange.getProperty(ExchangeProperties.REQUEST_ID), error.status(),
                    error.getMessage());
        }
        exchange.getIn().removeHeaders("*");
        exchange.getIn().setHeader(Exchange.HTTP_RESPONSE_CODE, error.status());
        exchange.getIn().setHeader(Exchange.CONTENT_TYPE, "application/json");
        exchange.getIn().setBody(Json.write(errorBody(error)));
    }

    public static ObjectNode errorBody(GatewayException error) {
        ObjectNode body = Json.MAPPER.createObjectNode().put("type", "error");
        body.putObject("error").put("type", errorType(error.status())).put("message", error.getMessage());
        return body;
    }

    /** Anthropic's error types by status (API reference, "Errors"). */
    static String errorType(int status) {
        return switch (status) {
            case 400 -> "invalid_request_error";
            case 401 -> "authentication_error";
            case 403 -> "permission_error";
            case 404 -> "not_found_error";
            case 413 -> "request_too_large";
            case 429 -> "rate_limit_error";
            case 529, 503 -> "overloaded_error";
            default -> status >= 500 ? "api_error" : "invalid_request_error";
        };
    }

    static ObjectNode toMessage(ChatResponse response, String model) {
        ObjectNode message = Json.MAPPER.createObjectNode();
        message.put("id", messageId(response.id));
        message.put("type", "message");
        message.put("role", "assistant");
        message.put("model", model != null ? model : response.model);
        ArrayNode content = message.putArray("content");
        ChatResponse.Choice choice = response.choices.isEmpty() ? null : response.choices.get(0);
        ChatMessage answer = choice == null ? null : choice.message;
        if (answer != null && !answer.text().isEmpty()) {
            content.addObject().put("type", "text").put("text", answer.text());
        }
        if (answer != null && answer.toolCalls != null) {
            for (ToolCall call : answer.toolCalls) {
                ObjectNode use = content.addObject().put("type", "tool_use").put("id", call.id).put("name", call.function.name);
                use.set("input", arguments(call.function.arguments));
            }
        }
        message.put("stop_reason", stopReason(choice == null ? null : choice.finishReason));
        message.putNull("stop_sequence");
        ObjectNode usage = message.putObject("usage");
        usage.put("input_tokens", response.usage == null ? 0 : response.usage.promptTokens);
        usage.put("output_tokens", response.usage == null ? 0 : response.usage.completionTokens);
        return message;
    }

    static String messageId(String id) {
        return id == null ? "msg_gateway" : id.startsWith("msg_") ? id : "msg_" + id;
    }

    static String stopReason(String finishReason) {
        if (finishReason == null) {
            return "end_turn";
        }
        return switch (finishReason) {
            case "length" -> "max_tokens";
            case "tool_calls", "function_call" -> "tool_use";
            case "content_filter" -> "refusal";
            default -> "end_turn";
        };
    }

    /** Tool arguments as the JSON object Anthropic's tool_use.input is; a provider's broken JSON stays visible as a string. */
    static JsonNode arguments(String arguments) {
        if (arguments == null || arguments.isBlank()) {
            return Json.MAPPER.createObjectNode();
        }
        try {
            return Json.MAPPER.readTree(arguments);
        } catch (IOException e) {
            return Json.MAPPER.createObjectNode().put("_raw_arguments", arguments);
        }
    }
}
