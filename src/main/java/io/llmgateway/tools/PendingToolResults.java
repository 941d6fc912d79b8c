package io.llmgateway.tools;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.llmgateway.chat.ChatMessage;
import io.llmgateway.chat.ToolCall;
import java.util.ArrayList;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * A mixed answer (gateway and client tool calls) goes back to the client with only the client's
 * calls, while the gateway's calls and results wait here, keyed by tenant and the client's call ids.
 * When the client's follow-up carries that assistant turn, they are put back in, so the model sees
 * every call it made and every result.
 */
@Component
public class PendingToolResults {

    public record Pending(List<ToolCall> calls, List<ChatMessage> results) {
    }

    private final Cache<String, Pending> pending;

    public PendingToolResults(ToolProperties properties) {
        this.pending = Caffeine.newBuilder()
                .maximumSize(10_000)
                .expireAfterWrite(properties.getPendingTtl())
                .build();
    }

    void keep(String tenant, List<ToolCall> clientCalls, Pending gatewayPart) {
        pending.put(key(tenant, clientCalls.get(0).id), gatewayPart);
    }

    /** Puts the kept gateway calls and results back beside each assistant turn they belonged to. */
    void restore(String tenant, List<ChatMessage> messages) {
        for (int i = 0; i < messages.size(); i++) {
            ChatMessage message = messages.get(i);
            if (!"assistant".equals(message.role) || message.toolCalls == null || message.toolCalls.isEmpty()) {
                continue;
            }
            Pending kept = pending.getIfPresent(key(tenant, message.toolCalls.get(0).id));
            if (kept == null || message.toolCalls.stream().anyMatch(c -> kept.calls().stream().anyMatch(k -> k.id.equals(c.id)))) {
                continue;
            }
            List<ToolCall> calls = new ArrayList<>(kept.calls());
            calls.addAll(message.toolCalls);
            message.toolCalls = calls;
            messages.addAll(i + 1, kept.results());
            i += kept.results().size();
        }
    }

    private static String key(String tenant, String callId) {
        return tenant + '\u0000' + callId;
    }
}
