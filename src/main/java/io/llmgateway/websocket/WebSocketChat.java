package io.llmgateway.websocket;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmgateway.chat.Json;
import io.llmgateway.core.ExchangeProperties;
import io.llmgateway.error.ErrorMapper;
import io.llmgateway.error.GatewayException;
import io.llmgateway.error.OpenAiError;
import io.llmgateway.stream.ChatChunk;
import io.llmgateway.stream.ChatStream;
import io.llmgateway.stream.StreamBodies;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.camel.Exchange;
import org.springframework.stereotype.Component;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketSession;

/**
 * The WebSocket door's frames: {@code {"type":"chunk","content":...}} per piece of the answer
 * (tool call deltas ride along as {@code tool_calls}), then {@code {"type":"complete","usage":...}},
 * or {@code {"type":"error","error":{...}}} in OpenAI's error fields. A frame's {@code id}, when the
 * caller gave one, is echoed on every frame of its answer. A socket that closes mid-answer fails
 * the send, which ends the exchange and so cancels the upstream call.
 */
@Component("webSocketChat")
public class WebSocketChat {

    private final StreamBodies streams;
    private final ErrorMapper errors;

    public WebSocketChat(StreamBodies streams, ErrorMapper errors) {
        this.streams = streams;
        this.errors = errors;
    }

    /** Route step: relays the pipeline's answer to the socket, chunk by chunk as the provider sends it. */
    public void relay(Exchange exchange) {
        WebSocketSession session = exchange.getProperty(ExchangeProperties.WEBSOCKET_SESSION, WebSocketSession.class);
        String id = exchange.getProperty(ExchangeProperties.WEBSOCKET_FRAME_ID, String.class);
        ChatStream stream = streams.of(exchange);
        String finish = null;
        for (ChatChunk chunk = stream.next(); chunk != null; chunk = stream.next()) {
            ChatChunk.Delta delta = chunk.delta();
            if (chunk.finishReason() != null) {
                finish = chunk.finishReason();
            }
            if (delta == null || (isEmpty(delta.content) && delta.toolCalls == null)) {
                continue;
            }
            ObjectNode frame = frame("chunk", id);
            if (!isEmpty(delta.content)) {
                frame.put("content", delta.content);
            }
            if (delta.toolCalls != null) {
                frame.set("tool_calls", Json.MAPPER.valueToTree(delta.toolCalls));
            }
            send(session, frame);
        }
        if (stream.failure() != null) {
            throw stream.failure();
        }
        ObjectNode complete = frame("complete", id);
        complete.put("finish_reason", finish);
        complete.put("model", exchange.getProperty(ExchangeProperties.MODEL, String.class));
        complete.put("request_id", exchange.getProperty(ExchangeProperties.REQUEST_ID, String.class));
        complete.set("usage", stream.usage() == null ? null : Json.MAPPER.valueToTree(stream.usage()));
        send(session, complete);
    }

    /** Route error step: the failure as an error frame (the socket stays open for the next chat). */
    public void error(Exchange exchange) {
        WebSocketSession session = exchange.getProperty(ExchangeProperties.WEBSOCKET_SESSION, WebSocketSession.class);
        Throwable failure = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        if (failure instanceof UncheckedIOException || session == null || !session.isOpen()) {
            return; // the socket itself is gone: nobody to tell
        }
        send(session, errorFrame(exchange.getProperty(ExchangeProperties.WEBSOCKET_FRAME_ID, String.class),
                errors.classify(failure, exchange.getProperty(ExchangeProperties.PROVIDER, String.class))));
    }

    static ObjectNode errorFrame(String id, GatewayException error) {
        ObjectNode frame = frame("error", id);
        frame.set("error", Json.MAPPER.valueToTree(OpenAiError.of(error).error()));
        frame.put("status", error.status());
        return frame;
    }

    static void send(WebSocketSession session, ObjectNode frame) {
        try {
            session.sendMessage(new TextMessage(Json.write(frame)));
        } catch (IOException e) {
            throw new UncheckedIOException("The WebSocket client went away", e);
        }
    }

    private static ObjectNode frame(String type, String id) {
        ObjectNode frame = Json.MAPPER.createObjectNode().put("type", type);
        if (id != null) {
            frame.put("id", id);
        }
        return frame;
    }

    private static boolean isEmpty(String text) {
        return text == null || text.isEmpty();
    }
}
