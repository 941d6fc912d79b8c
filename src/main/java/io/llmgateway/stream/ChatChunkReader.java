package io.llmgateway.stream;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.async.ByteArrayFeeder;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.NullNode;
import io.llmgateway.chat.Extensible;
import io.llmgateway.chat.Json;
import io.llmgateway.chat.ToolCall;
import io.llmgateway.chat.Usage;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads one chat.completion.chunk's UTF-8 JSON into a {@link ChatChunk} with Jackson's streaming
 * parser, field by field, instead of databind (JFR, 500 streams: the databind read was ~10% of the
 * CPU and 40% of the bytes allocated, its per-call context and bean machinery more than the chunk).
 * It gives what databind gives for the shapes vendors send; for anything else (a number as a
 * string, a null where a number goes, trailing data...) it returns null and the caller reads the
 * event with databind, which stays the definition. Unknown fields still land in the extras as trees.
 *
 * <p>One per stream, not thread-safe: it keeps one parser for the stream, and remembers the last
 * chunk's id, model and the like, which every chunk of a stream repeats, to hand the same String
 * on instead of a new one per chunk.
 */
public final class ChatChunkReader implements AutoCloseable {

    /** Reads one value in the middle of the chunk: the mapper's own check for trailing tokens would read on past it. */
    private static final ObjectReader TREE = Json.MAPPER.reader().without(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private JsonParser parser;
    private String id;
    private String object;
    private String model;
    private String fingerprint;
    private String role;
    private String finishReason;

    /**
     * The chunk in {@code length} bytes from {@code offset}, or null when the shape needs databind's
     * read or the bytes do not parse (databind then reports them, or reads them as text if not UTF-8).
     */
    public ChatChunk read(byte[] data, int offset, int length) {
        try {
            JsonParser p = parser();
            ((ByteArrayFeeder) p.getNonBlockingInputFeeder()).feedInput(data, offset, offset + length);
            ChatChunk chunk = p.nextToken() == JsonToken.START_OBJECT ? chunk(p) : null;
            // NOT_AVAILABLE: the event held the one object and nothing after it (databind fails on trailing tokens)
            if (chunk != null && p.nextToken() == JsonToken.NOT_AVAILABLE) {
                return chunk;
            }
        } catch (IOException e) {
            // databind reads it again and reports it
        }
        close(); // the parser stopped inside an event: the next one starts with a new one
        return null;
    }

    /**
     * One parser for the whole stream, fed event by event: a parser made per event (with its
     * contexts, text buffer and symbol table) was most of what the read allocated, and a fed
     * non-blocking parser reads each event as the next root value in the same sequence.
     */
    private JsonParser parser() throws IOException {
        if (parser == null) {
            parser = Json.MAPPER.getFactory().createNonBlockingByteArrayParser();
        }
        return parser;
    }

    /** Gives the parser's buffers back to the shared pool: only from the thread that reads, at the stream's end. */
    @Override
    public void close() {
        if (parser != null) {
            try {
                parser.close();
            } catch (IOException e) {
                // nothing to release beyond the buffers
            }
            parser = null;
        }
    }

    /**
     * The next field's name, or null at the object's end. All of an event is fed at once, so the
     * fed parser runs out of input (which nextFieldName also answers with null) only in a cut event.
     */
    private static String field(JsonParser p) throws IOException {
        String name = p.nextFieldName();
        if (name == null && p.currentToken() != JsonToken.END_OBJECT) {
            throw new JsonParseException(p, "The event ends inside the chunk");
        }
        return name;
    }

    private ChatChunk chunk(JsonParser p) throws IOException {
        ChatChunk chunk = new ChatChunk();
        String name;
        while ((name = field(p)) != null) {
            JsonToken t = p.nextToken();
            switch (name) {
                case "id" -> {
                    if (!isText(t)) {
                        return null;
                    }
                    chunk.id = id = same(p, t, id);
                }
                case "object" -> {
                    if (!isText(t)) {
                        return null;
                    }
                    chunk.readObject(object = same(p, t, object));
                }
                case "created" -> {
                    if (t != JsonToken.VALUE_NUMBER_INT) {
                        return null;
                    }
                    chunk.readCreated(p.getLongValue());
                }
                case "model" -> {
                    if (!isText(t)) {
                        return null;
                    }
                    chunk.model = model = same(p, t, model);
                }
                case "system_fingerprint" -> {
                    if (!isText(t)) {
                        return null;
                    }
                    chunk.systemFingerprint = fingerprint = same(p, t, fingerprint);
                }
                case "choices" -> {
                    List<ChatChunk.Choice> choices = null;
                    if (t == JsonToken.START_ARRAY) {
                        choices = new ArrayList<>(1);
                        while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
                            if (t != JsonToken.START_OBJECT) {
                                return null; // a null choice, or one that is not an object
                            }
                            ChatChunk.Choice choice = choice(p);
                            if (choice == null) {
                                return null;
                            }
                            choices.add(choice);
                        }
                    } else if (t != JsonToken.VALUE_NULL) {
                        return null;
                    }
                    chunk.readChoices(choices);
                }
                case "usage" -> {
                    Usage usage = null;
                    if (t == JsonToken.START_OBJECT) {
                        usage = usage(p);
                        if (usage == null) {
                            return null;
                        }
                    } else if (t != JsonToken.VALUE_NULL) {
                        return null;
                    }
                    chunk.readUsage(usage);
                }
                default -> extra(chunk, name, p);
            }
        }
        return chunk;
    }

    private ChatChunk.Choice choice(JsonParser p) throws IOException {
        ChatChunk.Choice choice = new ChatChunk.Choice();
        String name;
        while ((name = field(p)) != null) {
            JsonToken t = p.nextToken();
            switch (name) {
                case "index" -> {
                    if (t != JsonToken.VALUE_NUMBER_INT) {
                        return null;
                    }
                    choice.readIndex(p.getIntValue());
                }
                case "delta" -> {
                    ChatChunk.Delta delta = null;
                    if (t == JsonToken.START_OBJECT) {
                        delta = delta(p);
                        if (delta == null) {
                            return null;
                        }
                    } else if (t != JsonToken.VALUE_NULL) {
                        return null;
                    }
                    choice.readDelta(delta);
                }
                case "logprobs" -> choice.readLogprobs(tree(p, t));
                case "finish_reason" -> {
                    if (!isText(t)) {
                        return null;
                    }
                    choice.readFinishReason(finishReason = same(p, t, finishReason));
                }
                default -> extra(choice, name, p);
            }
        }
        return choice;
    }

    private ChatChunk.Delta delta(JsonParser p) throws IOException {
        ChatChunk.Delta delta = new ChatChunk.Delta();
        String name;
        while ((name = field(p)) != null) {
            JsonToken t = p.nextToken();
            switch (name) {
                case "role" -> {
                    if (!isText(t)) {
                        return null;
                    }
                    delta.role = role = same(p, t, role);
                }
                case "content" -> {
                    if (!isText(t)) {
                        return null;
                    }
                    delta.content = text(p, t);
                }
                case "refusal" -> {
                    if (!isText(t)) {
                        return null;
                    }
                    delta.refusal = text(p, t);
                }
                case "tool_calls" -> {
                    List<ToolCall> calls = null;
                    if (t == JsonToken.START_ARRAY) {
                        calls = new ArrayList<>(1);
                        while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
                            ToolCall call = t == JsonToken.START_OBJECT ? toolCall(p) : null;
                            if (call == null) {
                                return null;
                            }
                            calls.add(call);
                        }
                    } else if (t != JsonToken.VALUE_NULL) {
                        return null;
                    }
                    delta.toolCalls = calls;
                }
                default -> extra(delta, name, p);
            }
        }
        return delta;
    }

    private static ToolCall toolCall(JsonParser p) throws IOException {
        ToolCall call = new ToolCall();
        String name;
        while ((name = field(p)) != null) {
            JsonToken t = p.nextToken();
            switch (name) {
                case "index" -> {
                    if (t == JsonToken.VALUE_NUMBER_INT) {
                        call.index = p.getIntValue();
                    } else if (t != JsonToken.VALUE_NULL) {
                        return null;
                    }
                }
                case "id" -> {
                    if (!isText(t)) {
                        return null;
                    }
                    call.id = text(p, t);
                }
                case "type" -> {
                    if (!isText(t)) {
                        return null;
                    }
                    call.readType(text(p, t));
                }
                case "function" -> {
                    ToolCall.Function function = null;
                    if (t == JsonToken.START_OBJECT) {
                        function = function(p);
                        if (function == null) {
                            return null;
                        }
                    } else if (t != JsonToken.VALUE_NULL) {
                        return null;
                    }
                    call.function = function;
                }
                default -> extra(call, name, p);
            }
        }
        return call;
    }

    private static ToolCall.Function function(JsonParser p) throws IOException {
        ToolCall.Function function = new ToolCall.Function();
        String name;
        while ((name = field(p)) != null) {
            JsonToken t = p.nextToken();
            switch (name) {
                case "name" -> {
                    if (!isText(t)) {
                        return null;
                    }
                    function.name = text(p, t);
                }
                case "arguments" -> {
                    if (!isText(t)) {
                        return null;
                    }
                    function.arguments = text(p, t);
                }
                default -> extra(function, name, p);
            }
        }
        return function;
    }

    private static Usage usage(JsonParser p) throws IOException {
        Usage usage = new Usage();
        String name;
        while ((name = field(p)) != null) {
            JsonToken t = p.nextToken();
            switch (name) {
                case "prompt_tokens", "completion_tokens", "total_tokens" -> {
                    if (t != JsonToken.VALUE_NUMBER_INT || p.getNumberType() != JsonParser.NumberType.INT) {
                        return null;
                    }
                    int value = p.getIntValue();
                    switch (name) {
                        case "prompt_tokens" -> usage.promptTokens = value;
                        case "completion_tokens" -> usage.completionTokens = value;
                        default -> usage.totalTokens = value;
                    }
                }
                default -> extra(usage, name, p);
            }
        }
        return usage;
    }

    /** A field the gateway does not model, kept as databind keeps it: a tree, a JSON null as NullNode. */
    private static void extra(Extensible target, String name, JsonParser p) throws IOException {
        target.putExtra(name, tree(p, p.currentToken()));
    }

    private static JsonNode tree(JsonParser p, JsonToken t) throws IOException {
        if (t == JsonToken.VALUE_NULL) {
            return NullNode.getInstance();
        }
        return TREE.readTree(p);
    }

    /** A string or a null: what a String field takes without databind's coercions. */
    private static boolean isText(JsonToken t) {
        return t == JsonToken.VALUE_STRING || t == JsonToken.VALUE_NULL;
    }

    private static String text(JsonParser p, JsonToken t) throws IOException {
        return t == JsonToken.VALUE_NULL ? null : p.getText();
    }

    /** The text, as {@code last} itself when it is the same characters (a stream repeats its id and model on every chunk). */
    private static String same(JsonParser p, JsonToken t, String last) throws IOException {
        if (t == JsonToken.VALUE_NULL) {
            return null;
        }
        if (last != null) {
            int length = p.getTextLength();
            if (length == last.length()) {
                char[] chars = p.getTextCharacters();
                int from = p.getTextOffset();
                int i = 0;
                while (i < length && chars[from + i] == last.charAt(i)) {
                    i++;
                }
                if (i == length) {
                    return last;
                }
            }
        }
        return p.getText();
    }
}
