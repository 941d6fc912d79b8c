package io.llmgateway.websocket;

import static io.llmgateway.support.StreamingFake.data;
import static io.llmgateway.support.StreamingFake.done;
import static io.llmgateway.support.StreamingFake.pause;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmgateway.support.GatewayKeysTestSupport;
import io.llmgateway.support.LogCapture;
import io.llmgateway.support.OpenAiStreamWire;
import io.llmgateway.support.StreamingFake.Script;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** The WebSocket door with gateway keys: the handshake is authenticated, every chat passes the key's policy. */
class WebSocketDoorKeysTest extends GatewayKeysTestSupport {

    @Test
    void aHandshakeWithoutAGoodKeyIsRefusedWith401AndRecorded() {
        for (String key : new String[] {null, "gk-wrong-key-98765"}) {
            String id = "ws-" + UUID.randomUUID();
            Throwable failure = catchThrowable(() -> open(builder -> {
                builder.header("X-Request-Id", id);
                if (key != null) {
                    builder.header("Authorization", "Bearer " + key);
                }
            }, new Frames()));
            // the JDK client reports a refused handshake by its status
            assertThat(failure).hasStackTraceContaining("Unexpected HTTP response status code 401");
            assertThat(LogCapture.requestLine(id)).contains("door=websocket").contains("status=401");
        }
    }

    @Test
    void aKeyInTheHeaderTheSubprotocolOrTheQueryOpensASocketThatChatsAsThatKey() throws Exception {
        List<Consumer<WebSocket.Builder>> forms = List.of(
                b -> b.header("Authorization", "Bearer " + HASHED_KEY),
                b -> b.subprotocols("llm-gateway", "gateway-key." + HASHED_KEY));
        for (Consumer<WebSocket.Builder> form : forms) {
            Frames frames = new Frames();
            WebSocket socket = open(form, frames);
            chatOnce(socket, frames);
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "done").get(5, TimeUnit.SECONDS);
        }
        Frames frames = new Frames();
        WebSocket socket = HttpClient.newHttpClient().newWebSocketBuilder()
                .buildAsync(URI.create("ws://127.0.0.1:" + port + "/v1/ws/chat?api_key=" + HASHED_KEY), frames)
                .get(5, TimeUnit.SECONDS);
        chatOnce(socket, frames);
        socket.sendClose(WebSocket.NORMAL_CLOSURE, "done").get(5, TimeUnit.SECONDS);
        assertThat(LogCapture.lines()).as("the query-string key is never logged").noneMatch(l -> l.contains(HASHED_KEY));
    }

    @Test
    void theBrowserFormGetsTheGatewaysSubprotocolSelected() throws Exception {
        Frames frames = new Frames();
        WebSocket socket = open(b -> b.subprotocols("llm-gateway", "gateway-key." + HASHED_KEY), frames);
        assertThat(socket.getSubprotocol()).isEqualTo("llm-gateway");
        socket.sendClose(WebSocket.NORMAL_CLOSURE, "done").get(5, TimeUnit.SECONDS);
    }

    @Test
    void eachChatFramePassesTheKeysModelPolicy() throws Exception {
        Frames frames = new Frames();
        WebSocket socket = open(b -> b.header("x-api-key", MOCK_ONLY_KEY), frames);
        socket.sendText("""
                {"type":"chat","id":"not-mine","model":"gpt-4o-mini","messages":[{"role":"user","content":"hi"}]}""", true)
                .get(5, TimeUnit.SECONDS);
        JsonNode error = frames.next();
        assertThat(error.path("type").asText()).isEqualTo("error");
        assertThat(error.path("status").asInt()).isEqualTo(403);
        assertThat(error.at("/error/code").asText()).isEqualTo("model_not_allowed");
        socket.sendClose(WebSocket.NORMAL_CLOSURE, "done").get(5, TimeUnit.SECONDS);
    }

    @Test
    void aSocketRunsAtMostItsCapOfChatsAndAnswersTheRestWithAnErrorFrame() throws Exception {
        STREAMING.reset();
        for (int i = 0; i < 2; i++) {
            STREAMING.enqueue(Script.sse(pause(2_000), data(OpenAiStreamWire.role()), data(OpenAiStreamWire.text("slow")),
                    data(OpenAiStreamWire.finish("stop")), done()));
        }
        Frames frames = new Frames();
        WebSocket socket = open(b -> b.header("Authorization", "Bearer " + HASHED_KEY), frames);
        for (String id : new String[] {"a", "b", "c"}) {
            socket.sendText("""
                    {"type":"chat","id":"%s","model":"stream-gpt","messages":[{"role":"user","content":"hi"}]}""".formatted(id),
                    true).get(5, TimeUnit.SECONDS);
        }
        JsonNode first = frames.next();
        assertThat(first.path("id").asText()).as("the third chat is refused while two run").isEqualTo("c");
        assertThat(first.path("type").asText()).isEqualTo("error");
        assertThat(first.at("/error/code").asText()).isEqualTo("too_many_in_flight");
        List<String> completed = new ArrayList<>();
        while (completed.size() < 2) {
            JsonNode frame = frames.next();
            if (frame.path("type").asText().equals("complete")) {
                completed.add(frame.path("id").asText());
            }
        }
        assertThat(completed).containsExactlyInAnyOrder("a", "b");
        socket.sendClose(WebSocket.NORMAL_CLOSURE, "done").get(5, TimeUnit.SECONDS);
    }

    @Test
    void aFrameOverTheSizeLimitClosesTheSocketWith1009() throws Exception {
        Frames frames = new Frames();
        WebSocket socket = open(b -> b.header("Authorization", "Bearer " + HASHED_KEY), frames);
        socket.sendText("x".repeat(1_100_000), true);
        assertThat(frames.closed.get(10, TimeUnit.SECONDS)).isEqualTo(1009);
    }

    // ---- helpers ----

    private void chatOnce(WebSocket socket, Frames frames) throws Exception {
        socket.sendText("""
                {"type":"chat","model":"mock-gpt","messages":[{"role":"user","content":"ping"}]}""", true)
                .get(5, TimeUnit.SECONDS);
        JsonNode last;
        do {
            last = frames.next();
        } while (last.path("type").asText().equals("chunk"));
        assertThat(last.path("type").asText()).as(last.toString()).isEqualTo("complete");
        String requestId = last.path("request_id").asText();
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10))
                .until(() -> LogCapture.lines().stream().anyMatch(l -> l.contains("request_id=" + requestId)));
        assertThat(LogCapture.requestLine(requestId)).contains("door=websocket").contains("key=hashed").contains("status=200");
    }

    private WebSocket open(Consumer<WebSocket.Builder> form, Frames frames) throws Exception {
        WebSocket.Builder builder = HttpClient.newHttpClient().newWebSocketBuilder();
        form.accept(builder);
        return builder.buildAsync(URI.create("ws://127.0.0.1:" + port + "/v1/ws/chat"), frames).get(5, TimeUnit.SECONDS);
    }

    /** Collects whole text frames and the close code. */
    private static final class Frames implements WebSocket.Listener {
        private final BlockingQueue<JsonNode> queue = new LinkedBlockingQueue<>();
        private final StringBuilder text = new StringBuilder();
        final CompletableFuture<Integer> closed = new CompletableFuture<>();

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            text.append(data);
            if (last) {
                queue.add(json(text.toString()));
                text.setLength(0);
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            closed.complete(statusCode);
            return null;
        }

        JsonNode next() throws InterruptedException {
            JsonNode frame = queue.poll(10, TimeUnit.SECONDS);
            assertThat(frame).as("a frame within 10 s").isNotNull();
            return frame;
        }
    }
}
