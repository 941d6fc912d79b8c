package io.llmgateway.stream;

import io.llmgateway.chat.ToolCall;
import io.llmgateway.chat.Usage;
import io.llmgateway.error.GatewayException;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * A streaming answer travelling through the routes as the message body, in place of a
 * ChatResponse. It is deliberately not an InputStream: Camel's stream caching would read an
 * InputStream body into memory at the next route boundary, so the answer would reach the caller
 * all at once. Each door turns it into bytes only at its very last step.
 *
 * <p>It knows the stream's honest end: a clean end only when the vendor said so; a cut, a stall
 * (the socket read timeout, set to the provider's stall-timeout) or a malformed event becomes a
 * {@link GatewayException} that the door writes as an error event.
 */
public final class ChatStream implements AutoCloseable {

    public enum Outcome { OPEN, COMPLETED, FAILED, CANCELLED }

    private final ChunkSource source;
    private final String providerId;
    private final boolean includeUsage;
    private final List<Consumer<ChatStream>> listeners = new ArrayList<>();
    private ChatChunk primed;
    private Usage usage;
    /** What the caller was sent (text, refusals, tool call names and arguments): the usage estimate when the vendor sends none. */
    private final StringBuilder streamedText = new StringBuilder();
    private GatewayException failure;
    private int chunks;
    private volatile Outcome outcome = Outcome.OPEN;

    public ChatStream(ChunkSource source, String providerId, boolean includeUsage) {
        this.source = source;
        this.providerId = providerId;
        this.includeUsage = includeUsage;
    }

    /**
     * Reads the first chunk now, inside the provider route: a failure before anything reached the
     * caller is then an ordinary error (status and error JSON, and a fallback can still happen).
     */
    public ChatStream prime() {
        ChatChunk first = next();
        if (failure != null) {
            close();
            throw failure;
        }
        if (first == null) {
            throw new GatewayException(502, "provider_error", "stream_empty", null,
                    "Provider '" + providerId + "' ended the stream without sending anything", providerId, null);
        }
        primed = first;
        return this;
    }

    /** The next chunk for the caller; null after the clean end or after a failure (see {@link #failure()}). */
    public ChatChunk next() {
        if (primed != null) {
            ChatChunk first = primed;
            primed = null;
            return first;
        }
        if (outcome != Outcome.OPEN) {
            return null;
        }
        try {
            while (true) {
                ChatChunk chunk = source.next();
                if (chunk == null) {
                    finish(Outcome.COMPLETED);
                    return null;
                }
                if (chunk.choices.isEmpty() && chunk.usage == null) {
                    continue; // nothing for the caller, e.g. Azure's opening chunk of content filter results
                }
                if (chunk.usage != null) {
                    usage = chunk.usage;
                    if (!includeUsage) {
                        if (chunk.choices.isEmpty()) {
                            continue; // the usage-only chunk the caller did not ask for
                        }
                        chunk.usage = null;
                    }
                }
                keepText(chunk);
                chunks++;
                return chunk;
            }
        } catch (GatewayException e) {
            failure = e;
        } catch (StreamEventTooLarge e) {
            failure = new GatewayException(502, "provider_error", "stream_event_too_large", null,
                    "Provider '" + providerId + "' sent a stream event larger than the gateway's limit of "
                            + e.limit() + " bytes (max-event-size)", providerId, e);
        } catch (SocketTimeoutException e) {
            failure = new GatewayException(504, "provider_error", "stream_stalled", null,
                    "Provider '" + providerId + "' stalled: nothing arrived within its stall timeout", providerId, e);
        } catch (IOException e) {
            failure = new GatewayException(502, "provider_error", "stream_interrupted", null,
                    "Provider '" + providerId + "' broke off the stream: " + e.getClass().getSimpleName(), providerId, e);
        } catch (RuntimeException e) {
            failure = new GatewayException(502, "provider_error", "invalid_provider_response", null,
                    "Provider '" + providerId + "' sent a stream event the gateway could not read", providerId, e);
        }
        finish(Outcome.FAILED);
        return null;
    }

    private void keepText(ChatChunk chunk) {
        for (ChatChunk.Choice choice : chunk.choices) {
            ChatChunk.Delta delta = choice.delta;
            if (delta == null) {
                continue;
            }
            if (delta.content != null) {
                streamedText.append(delta.content);
            }
            if (delta.refusal != null) {
                streamedText.append(delta.refusal);
            }
            if (delta.toolCalls != null) {
                for (ToolCall call : delta.toolCalls) {
                    if (call.function != null) {
                        if (call.function.name != null) {
                            streamedText.append(call.function.name);
                        }
                        if (call.function.arguments != null) {
                            streamedText.append(call.function.arguments);
                        }
                    }
                }
            }
        }
    }

    /**
     * Everything the answer said so far, concatenated: what the gateway counts output tokens of when
     * the vendor reported no usage (or the stream ended before it could). Meaningful once the stream ended.
     */
    public String streamedText() {
        return streamedText.toString();
    }

    /** Why the stream ended early, or null. */
    public GatewayException failure() {
        return failure;
    }

    /** The vendor's token counts, kept even when the caller did not ask for them (stream_options.include_usage). */
    public Usage usage() {
        return usage;
    }

    public boolean includeUsage() {
        return includeUsage;
    }

    public String providerId() {
        return providerId;
    }

    public int chunks() {
        return chunks;
    }

    public Outcome outcome() {
        return outcome;
    }

    /** Called once when the stream completes, fails or is cancelled (metrics, usage, permits); at once if it already ended. */
    public void onFinish(Consumer<ChatStream> listener) {
        synchronized (this) {
            if (outcome == Outcome.OPEN) {
                listeners.add(listener);
                return;
            }
        }
        listener.accept(this);
    }

    /** Cancels: drops the upstream connection unless the stream already ended. Safe to call more than once. */
    @Override
    public void close() {
        if (outcome == Outcome.OPEN) {
            finish(Outcome.CANCELLED);
        }
        source.close();
    }

    private void finish(Outcome end) {
        List<Consumer<ChatStream>> toCall;
        synchronized (this) {
            if (outcome != Outcome.OPEN) {
                return;
            }
            outcome = end;
            toCall = List.copyOf(listeners);
        }
        if (end != Outcome.COMPLETED) {
            source.close();
        }
        toCall.forEach(listener -> listener.accept(this));
    }
}
