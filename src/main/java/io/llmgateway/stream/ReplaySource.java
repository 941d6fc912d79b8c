package io.llmgateway.stream;

import io.llmgateway.chat.ChatMessage;
import io.llmgateway.chat.ChatResponse;
import io.llmgateway.chat.ToolCall;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A finished chat.completion told as the chunks OpenAI would have streamed: the role, the text in
 * word-sized pieces, each tool call's id and name then its arguments in fragments, the finish
 * reason, then usage. Serves the mock provider, cache hits and any answer that exists whole.
 */
public final class ReplaySource implements ChunkSource {

    private static final Pattern PIECE = Pattern.compile("\\S*\\s*");
    private static final int ARGUMENT_FRAGMENT = 16;

    private final Deque<ChatChunk> chunks = new ArrayDeque<>();

    public ReplaySource(ChatResponse response) {
        String id = response.id;
        ChatResponse.Choice choice = response.choices.isEmpty() ? null : response.choices.get(0);
        ChatMessage message = choice == null ? new ChatMessage("assistant", "") : choice.message;
        ChatChunk role = chunk(response);
        role.delta().role = "assistant";
        role.delta().content = "";
        chunks.add(role);
        Matcher words = PIECE.matcher(message.text());
        while (words.find()) {
            if (!words.group().isEmpty()) {
                ChatChunk text = chunk(response);
                text.delta().content = words.group();
                chunks.add(text);
            }
        }
        List<ToolCall> calls = message.toolCalls == null ? List.of() : message.toolCalls;
        for (int i = 0; i < calls.size(); i++) {
            ToolCall call = calls.get(i);
            ToolCall head = new ToolCall(call.id, call.function.name, "");
            head.index = i;
            chunks.add(withCall(chunk(response), head));
            String args = call.function.arguments == null ? "" : call.function.arguments;
            for (int at = 0; at < args.length(); at += ARGUMENT_FRAGMENT) {
                ToolCall part = new ToolCall();
                part.index = i;
                part.type = null;
                part.function = new ToolCall.Function(null, args.substring(at, Math.min(args.length(), at + ARGUMENT_FRAGMENT)));
                chunks.add(withCall(chunk(response), part));
            }
        }
        ChatChunk last = chunk(response);
        last.choices.get(0).finishReason = choice == null || choice.finishReason == null ? "stop" : choice.finishReason;
        chunks.add(last);
        if (response.usage != null) {
            ChatChunk usage = ChatChunk.of(id, response.created, response.model);
            usage.choices.clear();
            usage.usage = response.usage;
            usage.systemFingerprint = response.systemFingerprint;
            chunks.add(usage);
        }
    }

    private static ChatChunk chunk(ChatResponse response) {
        ChatChunk chunk = ChatChunk.of(response.id, response.created, response.model);
        chunk.systemFingerprint = response.systemFingerprint;
        return chunk;
    }

    private static ChatChunk withCall(ChatChunk chunk, ToolCall call) {
        chunk.delta().toolCalls = List.of(call);
        return chunk;
    }

    @Override
    public ChatChunk next() {
        return chunks.poll();
    }

    @Override
    public void close() {
        chunks.clear();
    }
}
