package io.llmgateway.usage;

import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingType;
import io.llmgateway.chat.ChatMessage;
import io.llmgateway.chat.ChatRequest;
import org.springframework.stereotype.Component;

/** Counts tokens with jtokkit (o200k_base) for answers that carry no usage of their own. */
@Component
public class TokenCounter {

    /** OpenAI's documented per-message framing overhead for chat models. */
    private static final int TOKENS_PER_MESSAGE = 3;
    private static final int TOKENS_PER_REPLY = 3;

    private final Encoding encoding = Encodings.newLazyEncodingRegistry().getEncoding(EncodingType.O200K_BASE);

    public int count(String text) {
        return text == null || text.isEmpty() ? 0 : encoding.countTokensOrdinary(text);
    }

    public int countPrompt(ChatRequest request) {
        int tokens = TOKENS_PER_REPLY;
        for (ChatMessage message : request.messages) {
            tokens += TOKENS_PER_MESSAGE + count(message.role) + count(message.text());
        }
        return tokens;
    }
}
