package io.llmgateway.stream;

import java.io.IOException;

/**
 * Where a {@link ChatStream}'s chunks come from: an adapter reading its vendor's wire stream, or
 * a finished answer replayed. Pull-based, so the door's writer sets the pace and nothing piles up.
 */
public interface ChunkSource extends AutoCloseable {

    /** The next chunk, blocking until the upstream sends it; null once the stream ended properly. */
    ChatChunk next() throws IOException;

    /**
     * Whether bytes of the next chunk have already arrived, so {@link #next()} would hardly wait. The
     * door then writes several events in one go instead of flushing each: under load that saves a
     * write and a flush per event, and costs no latency (it only happens when more is waiting).
     */
    default boolean ready() {
        return false;
    }

    /** Stops reading and drops the upstream connection (it is not drained), so the vendor stops generating. */
    @Override
    void close();
}
