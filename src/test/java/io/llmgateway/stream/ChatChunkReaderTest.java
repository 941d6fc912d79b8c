package io.llmgateway.stream;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectReader;
import io.llmgateway.chat.Json;
import io.llmgateway.support.OpenAiStreamWire;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The streaming chunk reader against databind, which it stands in for on OpenAI-kind streams: for
 * every chunk it reads, the chunk the doors see must be the one databind made (written out the
 * same, the same bytes passed through as the vendor's), and what it declines databind reads.
 */
class ChatChunkReaderTest {

    private static final ObjectReader DATABIND = Json.MAPPER.readerFor(ChatChunk.class);

    @Test
    void readsWhatVendorsSendAsDatabindDoes() throws Exception {
        List<String> chunks = List.of(
                OpenAiStreamWire.role(), OpenAiStreamWire.text("caf\\u00e9 \\\"q\\\" \\n"), OpenAiStreamWire.finish("stop"),
                OpenAiStreamWire.usage(9, 2), OpenAiStreamWire.toolStart(0, "call_1", "get_weather"),
                OpenAiStreamWire.toolArgs(1, "{\"location\":"),
                // unknown fields at every level, nested; fields in any order; a choice without logprobs
                "{\"choices\":[{\"delta\":{\"content\":\"x\",\"annotations\":[{\"a\":[1,2.5,true,null]}],"
                        + "\"tool_calls\":[{\"index\":0,\"type\":\"function\",\"x\":{\"y\":1},\"function\":{\"arguments\":\"\","
                        + "\"strict\":true}}]},\"index\":0,\"finish_reason\":null,\"content_filter_results\":{}}],"
                        + "\"created\":1,\"object\":\"chat.completion.chunk\",\"obfuscation\":\"x7\",\"model\":null,\"id\":\"c\"}",
                // an error event, and a chunk with no choices at all
                "{\"error\":{\"message\":\"overloaded\",\"type\":\"server_error\",\"code\":null}}",
                "{\"id\":\"c\",\"choices\":null,\"usage\":null,\"extra\":null}",
                // two choices, a null delta, a tool call with a null function
                "{\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"created\":2,\"choices\":[{\"index\":0,\"delta\":null,"
                        + "\"logprobs\":{\"content\":[]},\"finish_reason\":\"length\"},{\"index\":1,\"delta\":{\"tool_calls\":"
                        + "[{\"index\":null,\"id\":null,\"function\":null}]},\"logprobs\":null,\"finish_reason\":null}]}");
        ChatChunkReader reader = new ChatChunkReader();
        for (String json : chunks) {
            byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
            ChatChunk fast = reader.read(bytes, 0, bytes.length);
            ChatChunk slow = DATABIND.readValue(bytes);

            assertThat(fast).as(json).isNotNull();
            assertThat(new String(Json.write(fast), StandardCharsets.UTF_8)).as(json)
                    .isEqualTo(new String(Json.write(slow), StandardCharsets.UTF_8));
            assertThat(fast.extra()).isEqualTo(slow.extra()); // a JSON null kept as NullNode, as databind keeps it
            assertThat(fast.usageRead()).isEqualTo(slow.usageRead());
            assertThat(wire(fast, bytes)).as(json).isEqualTo(wire(slow, bytes));
        }
    }

    @Test
    void leavesToDatabindWhatItDoesNotReadItself() {
        ChatChunkReader reader = new ChatChunkReader();
        for (String json : List.of(
                "{\"id\":\"c\",\"created\":\"1738960440\",\"choices\":[]}", // a number as a string: databind coerces it
                "{\"id\":\"c\",\"choices\":[{\"index\":null}]}", // a null for an int
                "{\"id\":\"c\",\"choices\":[]} {}", // trailing data: databind rejects it
                "{\"id\":\"c\",\"usage\":{\"prompt_tokens\":1.0}}",
                "{\"id\":\"c\",\"choices\":{}}", // an object where the array goes
                "{\"id\":\"c\",\"choices\":[{\"delta\":{\"tool_calls\":[null]}}]}", // a null tool call
                "{\"id\":\"c\",\"choices\":[{\"delta\":{\"content\":5}}]}", // a number where text goes
                "[]", "null", "", "{\"id\":\"c\"", "{\"id\":\"c\",\"x\":", "{\"id\":\"c\",\"x\":{\"y\":[1", "{\"id\":\"c\",\"choices\":[{")) {
            byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
            assertThat(reader.read(bytes, 0, bytes.length)).as(json).isNull();
            // the stream's parser stopped inside that event: the next event still reads whole
            byte[] next = OpenAiStreamWire.text("next").getBytes(StandardCharsets.UTF_8);
            assertThat(reader.read(next, 0, next.length).delta().content).as(json).isEqualTo("next");
        }
    }

    @Test
    void aStreamsRepeatedIdAndModelAreOneStringNotOneAChunk() {
        ChatChunkReader reader = new ChatChunkReader();
        byte[] first = OpenAiStreamWire.text("a").getBytes(StandardCharsets.UTF_8);
        byte[] second = OpenAiStreamWire.text("b").getBytes(StandardCharsets.UTF_8);
        ChatChunk one = reader.read(first, 0, first.length);
        ChatChunk two = reader.read(second, 0, second.length);

        assertThat(two.id).isSameAs(one.id).isEqualTo(OpenAiStreamWire.ID);
        assertThat(two.model).isSameAs(one.model);
        assertThat(two.delta().content).isEqualTo("b");
    }

    /** What the OpenAI door would pass through for the chunk, or null when it writes the chunk itself. */
    private static String wire(ChatChunk chunk, byte[] bytes) {
        chunk.keepWire(bytes, 0, bytes.length, false);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        return chunk.writeWire(out) ? out.toString(StandardCharsets.UTF_8) : null;
    }
}
