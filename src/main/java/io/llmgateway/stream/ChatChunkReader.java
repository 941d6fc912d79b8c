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
    // bound once: a method reference to this reader made in the read would be an object per chunk
    private final Part<ChatChunk.Choice> choiceReader = this::choice;
    private final Part<ChatChunk.Delta> deltaReader = this::delta;
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
            // a shape left to databind (Declined), or bytes that do not parse: databind reads them again and reports them
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
                case "id" -> chunk.id = id = same(p, t, id);
                case "object" -> chunk.readObject(object = same(p, t, object));
                case "created" -> chunk.readCreated(integer(p, t).getLongValue());
                case "model" -> chunk.model = model = same(p, t, model);
                case "system_fingerprint" -> chunk.systemFingerprint = fingerprint = same(p, t, fingerprint);
                case "choices" -> chunk.readChoices(array(p, t, choiceReader));
                case "usage" -> chunk.readUsage(object(p, t, ChatChunkReader::usage));
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
                case "index" -> choice.readIndex(integer(p, t).getIntValue());
                case "delta" -> choice.readDelta(object(p, t, deltaReader));
                case "logprobs" -> choice.readLogprobs(tree(p, t));
                case "finish_reason" -> choice.readFinishReason(finishReason = same(p, t, finishReason));
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
                case "role" -> delta.role = role = same(p, t, role);
                case "content" -> delta.content = text(p, t);
                case "refusal" -> delta.refusal = text(p, t);
                case "tool_calls" -> delta.toolCalls = array(p, t, ChatChunkReader::toolCall);
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
                case "index" -> call.index = t == JsonToken.VALUE_NULL ? null : integer(p, t).getIntValue();
                case "id" -> call.id = text(p, t);
                case "type" -> call.readType(text(p, t));
                case "function" -> call.function = object(p, t, ChatChunkReader::function);
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
                case "name" -> function.name = text(p, t);
                case "arguments" -> function.arguments = text(p, t);
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
                case "prompt_tokens" -> usage.promptTokens = intOnly(p, t);
                case "completion_tokens" -> usage.completionTokens = intOnly(p, t);
                case "total_tokens" -> usage.totalTokens = intOnly(p, t);
                default -> extra(usage, name, p);
            }
        }
        return usage;
    }

    /** Reads one object at the parser (its start token read). */
    @FunctionalInterface
    private interface Part<T> {
        T read(JsonParser p) throws IOException;
    }

    /** An object, or null for a JSON null; anything else is left to databind. */
    private static <T> T object(JsonParser p, JsonToken t, Part<T> part) throws IOException {
        if (t == JsonToken.START_OBJECT) {
            return part.read(p);
        }
        if (t != JsonToken.VALUE_NULL) {
            throw Declined.INSTANCE;
        }
        return null;
    }

    /** An array of objects, or null for a JSON null; a null or non-object element is left to databind. */
    private static <T> List<T> array(JsonParser p, JsonToken t, Part<T> part) throws IOException {
        if (t == JsonToken.VALUE_NULL) {
            return null;
        }
        if (t != JsonToken.START_ARRAY) {
            throw Declined.INSTANCE;
        }
        List<T> items = new ArrayList<>(1);
        while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
            if (t != JsonToken.START_OBJECT) {
                throw Declined.INSTANCE;
            }
            items.add(part.read(p));
        }
        return items;
    }

    /** The parser at a whole number, else left to databind (which may coerce a string or a float). */
    private static JsonParser integer(JsonParser p, JsonToken t) throws IOException {
        if (t != JsonToken.VALUE_NUMBER_INT) {
            throw Declined.INSTANCE;
        }
        return p;
    }

    /** A whole number that fits an int (usage counts), else left to databind. */
    private static int intOnly(JsonParser p, JsonToken t) throws IOException {
        if (integer(p, t).getNumberType() != JsonParser.NumberType.INT) {
            throw Declined.INSTANCE;
        }
        return p.getIntValue();
    }

    /**
     * A shape this reader leaves to databind: thrown from wherever it is met, caught in {@link #read}.
     * One instance without a stack trace: it never leaves this class.
     */
    private static final class Declined extends IOException {
        static final Declined INSTANCE = new Declined();

        @Override
        public synchronized Throwable fillInStackTrace() {
            return this;
        }
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

    /** A string or a null: what a String field takes without databind's coercions; anything else is left to databind. */
    private static String text(JsonParser p, JsonToken t) throws IOException {
        if (t == JsonToken.VALUE_NULL) {
            return null;
        }
        if (t != JsonToken.VALUE_STRING) {
            throw Declined.INSTANCE;
        }
        return p.getText();
    }

    /** The text, as {@code last} itself when it is the same characters (a stream repeats its id and model on every chunk). */
    private static String same(JsonParser p, JsonToken t, String last) throws IOException {
        if (t != JsonToken.VALUE_STRING) {
            return text(p, t); // null, or declined
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
