package io.llmgateway.websocket;

import static io.llmgateway.support.StreamingFake.data;
import static io.llmgateway.support.StreamingFake.done;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmgateway.support.GatewayTestSupport;
import io.llmgateway.support.OpenAiStreamWire;
import io.llmgateway.support.StreamingFake.Script;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** One WebSocket session: two chats answered as chunk frames, then a bad request answered with an error frame. */
class WebSocketDoorTest extends GatewayTestSupport {

    @Test
    void oneSessionChatsStreamsAndReportsErrors() throws Exception {
        STREAMING.reset();
        STREAMING.enqueue(Script.sse(data(OpenAiStreamWire.role()), data(OpenAiStreamWire.text("Hello")),
                data(OpenAiStreamWire.text(" world")), data(OpenAiStreamWire.finish("stop")),
                data(OpenAiStreamWire.usage(9, 2)), done()));
        BlockingQueue<JsonNode> frames = new LinkedBlockingQueue<>();
        WebSocket socket = HttpClient.newHttpClient().newWebSocketBuilder()
                .header("Authorization", "Bearer caller-key")
                .buildAsync(URI.create("ws://127.0.0.1:" + port + "/v1/ws/chat"), new WebSocket.Listener() {
                    private final StringBuilder text = new StringBuilder();

                    @Override
                    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
                        text.append(data);
                        if (last) {
                            frames.add(json(text.toString()));
                            text.setLength(0);
                        }
                        webSocket.request(1);
                        return null;
                    }
                }).get(5, TimeUnit.SECONDS);
        try {
            socket.sendText("""
                    {"type": "chat", "id": "c1", "model": "stream-gpt", "messages": [{"role": "user", "content": "Say hello"}]}""",
                    true).get(5, TimeUnit.SECONDS);
            List<JsonNode> first = untilEnd(frames);
            assertThat(first).allSatisfy(f -> assertThat(f.path("id").asText()).isEqualTo("c1"));
            assertThat(first.subList(0, first.size() - 1)).extracting(f -> f.path("type").asText()).containsOnly("chunk");
            assertThat(first.stream().map(f -> f.path("content").asText("")).reduce("", String::concat)).isEqualTo("Hello world");
            JsonNode complete = first.get(first.size() - 1);
            assertThat(complete.path("type").asText()).isEqualTo("complete");
            assertThat(complete.path("usage").path("total_tokens").asInt()).isEqualTo(11);
            assertThat(complete.path("finish_reason").asText()).isEqualTo("stop");

            socket.sendText("""
                    {"type": "chat", "model": "mock-gpt", "messages": [{"role": "user", "content": "Count to three"}]}""", true);
            List<JsonNode> second = untilEnd(frames);
            assertThat(second.get(second.size() - 1).path("type").asText()).isEqualTo("complete");
            assertThat(second.stream().map(f -> f.path("content").asText("")).reduce("", String::concat))
                    .contains("Count to three");

            socket.sendText("""
                    {"type": "chat", "id": "c3", "model": "no-such-model", "messages": [{"role": "user", "content": "Hi"}]}""", true);
            JsonNode error = frames.poll(5, TimeUnit.SECONDS);
            assertThat(error.path("type").asText()).isEqualTo("error");
            assertThat(error.path("id").asText()).isEqualTo("c3");
            assertThat(error.path("status").asInt()).isEqualTo(404);
            assertThat(error.path("error").path("code").asText()).isEqualTo("model_not_found");

            socket.sendText("not json", true);
            assertThat(frames.poll(5, TimeUnit.SECONDS).path("error").path("code").asText()).isEqualTo("invalid_json");
        } finally {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "done").get(5, TimeUnit.SECONDS);
        }
    }

    private static List<JsonNode> untilEnd(BlockingQueue<JsonNode> frames) throws InterruptedException {
        List<JsonNode> got = new ArrayList<>();
        while (true) {
            JsonNode frame = frames.poll(10, TimeUnit.SECONDS);
            assertThat(frame).as("a frame within 10 s").isNotNull();
            got.add(frame);
            String type = frame.path("type").asText();
            if (type.equals("complete") || type.equals("error")) {
                return got;
            }
        }
    }
}
