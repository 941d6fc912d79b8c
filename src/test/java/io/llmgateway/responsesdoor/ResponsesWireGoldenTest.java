package io.llmgateway.responsesdoor;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.benmanes.caffeine.cache.Ticker;
import io.llmgateway.chat.ChatMessage;
import io.llmgateway.chat.ChatResponse;
import io.llmgateway.chat.Json;
import io.llmgateway.chat.ToolCall;
import io.llmgateway.chat.Usage;
import io.llmgateway.core.ExchangeProperties;
import io.llmgateway.core.GatewayProperties;
import io.llmgateway.error.GatewayException;
import io.llmgateway.stream.ChatChunk;
import io.llmgateway.stream.ChatStream;
import io.llmgateway.stream.ChunkSource;
import io.llmgateway.usage.TokenUsage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Test;

/**
 * The door's wire, byte for byte: for a set of requests (valid and invalid) and answers (text,
 * refusal, tool calls, length limit, streams that end well or break), the canonical request it
 * sends on, the Response or event stream it writes, what it stores, and the errors it answers are
 * compared with golden files written by the tree-built door this replaced (ids and clocks masked).
 * Run with -Dgolden.write=true to write the files anew after a deliberate change of the wire.
 */
@TestMethodOrder(MethodOrderer.MethodName.class)
class ResponsesWireGoldenTest {

    private static final Path GOLDEN = Path.of("src/test/resources/responsesdoor/golden.txt");
    private static final boolean WRITE = Boolean.getBoolean("golden.write");
    private static final StringBuilder ACTUAL = new StringBuilder();

    private final InMemoryResponseStore store = store();
    private final ResponsesRequests requests = new ResponsesRequests(new GatewayProperties(), store);
    private final ResponsesHttp http = new ResponsesHttp(store, null);
    private final DefaultCamelContext camel = new DefaultCamelContext();

    private static InMemoryResponseStore store() {
        Ticker ticker = () -> 0L;
        return new InMemoryResponseStore(new ResponsesProperties(), ticker);
    }

    static final String BENCH = """
            {"model":"bench-d0","input":"Say hello in one short sentence.","instructions":"You are a helpful assistant.","temperature":0.7,"max_output_tokens":64,"store":false}""";

    static final String FULL = """
            {"model":"gpt-4o-mini","input":[
               {"role":"user","content":"Weather in Paris?"},
               {"type":"message","role":"user","id":"msg_given","content":[{"type":"input_text","text":"And a picture:"},
                 {"type":"input_image","image_url":"https://example.com/a.png","detail":"low"}]},
               {"type":"message","role":"assistant","content":"Earlier answer"},
               {"type":"function_call","call_id":"call_1","name":"get_weather","arguments":"{\\"city\\":\\"Paris\\"}","extra":1},
               {"type":"function_call","call_id":"call_2","name":"get_time","arguments":"{}","id":"fc_given","status":"completed"},
               {"type":"function_call_output","call_id":"call_1","output":"15 degrees"},
               {"type":"function_call_output","call_id":"call_2","output":[{"type":"input_text","text":"noon"}]},
               {"type":"reasoning","id":"rs_1","summary":[]}],
             "instructions":"Be brief.",
             "tools":[{"type":"function","name":"get_weather","description":"Weather","parameters":{"type":"object"},"strict":true},
                      {"type":"function","name":"get_time"}],
             "tool_choice":{"type":"function","name":"get_weather"},
             "parallel_tool_calls":false,"temperature":1.2,"top_p":0.5,"max_output_tokens":300,
             "text":{"format":{"type":"json_schema","name":"weather","schema":{"type":"object"},"strict":true,"description":"d"},"verbosity":"low"},
             "reasoning":{"effort":"high"},"metadata":{"team":"a"},"user":"u-1","store":true,"background":false,
             "unknown_field":{"x":[1,2]}}""";

    static final String ODD = """
            {"model":"gpt-4o-mini","input":"Hi","tool_choice":"required","tools":[],"text":{"format":{"type":"json_object"}},
             "max_output_tokens":64.0,"parallel_tool_calls":"no","previous_response_id":null,"instructions":null,"user":7,
             "metadata":[1],"store":null,"reasoning":{"effort":5},"stream":false,"background":null,"prompt":false}""";

    static final List<String> INVALID = List.of(
            "",
            "[1,2]",
            "{\"model\":\"m\",\"input\":\"Hi\"} trailing",
            "{\"model\":\"m\",\"input\":\"Hi\"",
            "{\"model\":\"m\",\"input\":\"Hi\",\"background\":true}",
            "{\"model\":\"m\",\"input\":\"Hi\",\"conversation\":\"c\"}",
            "{\"model\":\"m\",\"input\":\"Hi\",\"previous_response_id\":5}",
            "{\"model\":\"m\",\"input\":\"Hi\",\"previous_response_id\":\"resp_nope\"}",
            "{\"model\":\"m\"}",
            "{\"model\":\"m\",\"input\":[]}",
            "{\"model\":\"m\",\"input\":5}",
            "{\"model\":\"m\",\"input\":[5]}",
            "{\"model\":\"m\",\"input\":[{\"role\":\"robot\",\"content\":\"x\"}]}",
            "{\"model\":\"m\",\"input\":[{\"role\":\"user\"}]}",
            "{\"model\":\"m\",\"input\":[{\"role\":\"user\",\"content\":5}]}",
            "{\"model\":\"m\",\"input\":[{\"role\":\"user\",\"content\":[{\"type\":\"input_file\"}]}]}",
            "{\"model\":\"m\",\"input\":[{\"role\":\"user\",\"content\":[{\"type\":\"input_image\",\"file_id\":\"f\"}]}]}",
            "{\"model\":\"m\",\"input\":[{\"type\":\"function_call\",\"call_id\":\"c\",\"name\":\"n\"}]}",
            "{\"model\":\"m\",\"input\":[{\"type\":\"function_call_output\",\"call_id\":\"c\"}]}",
            "{\"model\":\"m\",\"input\":[{\"type\":\"web_search_call\"}]}",
            "{\"input\":\"Hi\"}",
            "{\"model\":\" \",\"input\":\"Hi\"}",
            "{\"model\":5,\"input\":\"Hi\"}",
            "{\"model\":\"m\",\"input\":\"Hi\",\"instructions\":5}",
            "{\"model\":\"m\",\"input\":\"Hi\",\"tools\":{}}",
            "{\"model\":\"m\",\"input\":\"Hi\",\"tools\":[{\"type\":\"web_search\"}]}",
            "{\"model\":\"m\",\"input\":\"Hi\",\"tools\":[{\"type\":\"function\"}]}",
            "{\"model\":\"m\",\"input\":\"Hi\",\"tool_choice\":\"sometimes\"}",
            "{\"model\":\"m\",\"input\":\"Hi\",\"tool_choice\":{\"type\":\"file_search\"}}",
            "{\"model\":\"m\",\"input\":\"Hi\",\"temperature\":\"hot\"}",
            "{\"model\":\"m\",\"input\":\"Hi\",\"top_p\":true}",
            "{\"model\":\"m\",\"input\":\"Hi\",\"max_output_tokens\":\"many\"}",
            "{\"model\":\"m\",\"input\":\"Hi\",\"max_output_tokens\":0}",
            "{\"model\":\"m\",\"input\":\"Hi\",\"text\":{\"format\":{\"type\":\"yaml\"}}}",
            "{\"model\":\"m\",\"input\":\"Hi\",\"text\":{\"format\":{\"type\":\"json_schema\",\"name\":\"n\"}}}",
            "{\"model\":\"m\",\"input\":\"Hi\",\"text\":{\"format\":{\"type\":\"json_schema\",\"schema\":{}}}}");

    @AfterAll
    static void compare() throws IOException {
        String actual = ACTUAL.toString();
        if (WRITE) {
            Files.createDirectories(GOLDEN.getParent());
            Files.writeString(GOLDEN, actual);
        }
        assertThat(actual).isEqualTo(Files.readString(GOLDEN));
    }

    private static void record(String what, Object value) {
        String text = value instanceof byte[] bytes ? new String(bytes, StandardCharsets.UTF_8) : String.valueOf(value);
        // ids are random and clocks move: everything else must match
        text = text.replaceAll("(resp|msg|fc|fco)_[0-9a-f]{32}", "$1_X")
                .replaceAll("\"(created_at|completed_at)\":[0-9]+", "\"$1\":0");
        synchronized (ACTUAL) {
            ACTUAL.append("== ").append(what).append('\n').append(text).append('\n');
        }
    }

    private Exchange exchange(String body) {
        Exchange exchange = new DefaultExchange(camel);
        exchange.getIn().setBody(body.getBytes(StandardCharsets.UTF_8));
        exchange.setProperty(ExchangeProperties.TENANT, "tenant-a");
        return exchange;
    }

    private static ChatResponse answer(String text, String finish, ToolCall... calls) {
        ChatMessage message = new ChatMessage("assistant", text);
        if (calls.length > 0) {
            message.toolCalls = new ArrayList<>(List.of(calls));
        }
        ChatResponse chat = new ChatResponse();
        chat.id = "chatcmpl-1";
        chat.model = "upstream";
        chat.choices.add(new ChatResponse.Choice(0, message, finish));
        chat.usage = new Usage(19, 10);
        return chat;
    }

    /** read -> canonical request; reply -> Response bytes; and what the store kept. */
    private String roundTrip(String name, String body, ChatResponse chat, TokenUsage usage) {
        Exchange exchange = exchange(body);
        requests.read(exchange);
        record(name + " canonical", Json.write(exchange.getIn().getBody()));
        exchange.setProperty(ExchangeProperties.MODEL, "alias-" + name);
        exchange.setProperty(ExchangeProperties.USAGE, usage);
        exchange.getIn().setBody(chat);
        http.reply(exchange);
        byte[] response = exchange.getIn().getBody(byte[].class);
        record(name + " response", response);
        String id = readId(response);
        store.get(id, "tenant-a").ifPresent(kept -> {
            record(name + " stored response", kept.response());
            record(name + " stored input", kept.input());
            record(name + " stored history", kept.history());
        });
        return id;
    }

    private static String readId(byte[] response) {
        try {
            return Json.MAPPER.readTree(response).path("id").asText();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void requestsAndResponses() throws IOException {
        roundTrip("bench", BENCH, answer("Hello there.", "stop"), new TokenUsage(20, 0, 3, false));
        String full = roundTrip("full", FULL, answer("Calling.", "tool_calls",
                        new ToolCall("call_9", "get_weather", "{\"city\":\"Rome\"}"), new ToolCall("call_10", "get_time", null)),
                null);
        roundTrip("odd", ODD, answer("Cut", "length"), new TokenUsage(5, 2, 1, true));
        ChatResponse refusal = answer(null, "stop");
        refusal.choices.get(0).message.putExtra("refusal", Json.MAPPER.getNodeFactory().textNode("I cannot."));
        refusal.usage.putExtra("prompt_tokens_details", Json.MAPPER.readTree("{\"cached_tokens\":4}"));
        refusal.usage.putExtra("completion_tokens_details", Json.MAPPER.readTree("{\"reasoning_tokens\":6}"));
        roundTrip("refusal", "{\"model\":\"m\",\"input\":\"No\"}", refusal, null);
        ChatResponse onlyCalls = answer(null, "content_filter", new ToolCall("call_3", "f", "{}"));
        roundTrip("calls", "{\"model\":\"m\",\"input\":\"Call\",\"store\":true}", onlyCalls, TokenUsage.NONE);
        ChatResponse empty = new ChatResponse();
        roundTrip("empty", "{\"model\":\"m\",\"input\":\"Nothing\",\"store\":false}", empty, null);
        roundTrip("continued", "{\"model\":\"m\",\"input\":\"And now?\",\"previous_response_id\":\"" + full + "\"}",
                answer("Now.", "stop"), new TokenUsage(1, 0, 1, false));
    }

    @Test
    void errors() {
        for (String body : INVALID) {
            try {
                requests.read(exchange(body));
                record("no error for " + body, "");
            } catch (GatewayException e) {
                record("error for " + body, e.status() + " " + e.code() + " " + e.param() + " " + e.getMessage());
            }
        }
    }

    /** A stream of chunks through the door's event encoder. */
    private void stream(String name, String body, List<ChatChunk> chunks, boolean fail) {
        Exchange exchange = exchange(body);
        requests.read(exchange);
        record(name + " canonical", Json.write(exchange.getIn().getBody()));
        ResponseDraft draft = exchange.getProperty(ExchangeProperties.RESPONSE_DRAFT, ResponseDraft.class);
        Deque<ChatChunk> queue = new ArrayDeque<>(chunks);
        ChatStream stream = new ChatStream(new ChunkSource() {
            @Override
            public ChatChunk next() throws IOException {
                if (queue.isEmpty() && fail) {
                    throw new IOException("cut");
                }
                return queue.poll();
            }

            @Override
            public void close() {
            }
        }, "fake", true);
        List<byte[]> kept = new ArrayList<>();
        ResponsesEventEncoder encoder = new ResponsesEventEncoder(draft, () -> new TokenUsage(7, 1, 5, false),
                kept::add);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ChatChunk chunk;
        while ((chunk = stream.next()) != null) {
            encoder.chunk(chunk, stream, out);
        }
        if (stream.failure() != null) {
            encoder.error(stream.failure(), stream, out);
        } else {
            encoder.end(stream, out);
        }
        record(name + " events", out.toByteArray());
        kept.forEach(response -> record(name + " kept", response));
    }

    private static ChatChunk text(String content, String refusal, String finish) {
        ChatChunk chunk = ChatChunk.of("c", 1, "m");
        chunk.delta().content = content;
        chunk.delta().refusal = refusal;
        chunk.choices.get(0).finishReason = finish;
        return chunk;
    }

    private static ChatChunk call(int index, String id, String name, String arguments) {
        ChatChunk chunk = ChatChunk.of("c", 1, "m");
        ToolCall call = new ToolCall(id, name, arguments);
        call.index = index;
        chunk.delta().toolCalls = List.of(call);
        return chunk;
    }

    @Test
    void streams() {
        String body = "{\"model\":\"m\",\"input\":\"Hi\",\"stream\":true,\"instructions\":\"Be kind.\"}";
        ChatChunk usage = ChatChunk.of("c", 1, "m");
        usage.choices.clear();
        usage.usage = new Usage(7, 5);
        usage.usage.putExtra("completion_tokens_details", Json.MAPPER.getNodeFactory().objectNode().put("reasoning_tokens", 2));
        stream("text", body, List.of(text("Hel", null, null), text("lo \"x\"", null, null), text(null, null, "stop"), usage), false);
        stream("mixed", body, List.of(text("Let me check.", null, null), call(0, "call_a", "get_weather", "{\"ci"),
                call(0, null, null, "ty\":1}"), call(1, "call_b", "get_time", null), call(1, null, null, "{}"),
                text(null, "No more.", null), text(null, null, "length")), false);
        stream("broken", body, List.of(text("Part", null, null)), true);
        stream("nothing", "{\"model\":\"m\",\"input\":\"Hi\",\"stream\":true,\"store\":false}", List.of(), false);
    }
}
