package io.llmgateway.stream;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
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
 * <p>One per stream, not thread-safe: it remembers the last chunk's id, model and the like, which
 * every chunk of a stream repeats, and hands the same String on instead of a new one per chunk.
 */
public final class ChatChunkReader {

    /** Reads one value in the middle of the chunk: the mapper's own check for trailing tokens would read on past it. */
    private static final ObjectReader TREE = Json.MAPPER.reader().without(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

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
        try (JsonParser p = Json.MAPPER.getFactory().createParser(data, offset, length)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            ChatChunk chunk = chunk(p);
            // databind is set to fail on trailing tokens: leave such data to it
            return chunk != null && p.nextToken() == null ? chunk : null;
        } catch (IOException e) {
            return null;
        }
    }

    private ChatChunk chunk(JsonParser p) throws IOException {
        ChatChunk chunk = new ChatChunk();
        String name;
        while ((name = p.nextFieldName()) != null) {
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
        while ((name = p.nextFieldName()) != null) {
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
        while ((name = p.nextFieldName()) != null) {
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
        while ((name = p.nextFieldName()) != null) {
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
        while ((name = p.nextFieldName()) != null) {
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
        while ((name = p.nextFieldName()) != null) {
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
