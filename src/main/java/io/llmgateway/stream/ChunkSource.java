package io.llmgateway.stream;

import java.io.IOException;

/**
 * Where a {@link ChatStream}'s chunks come from: an adapter reading its vendor's wire stream, or
 * a finished answer replayed. Pull-based, so the door's writer sets the pace and nothing piles up.
 */
public interface ChunkSource extends AutoCloseable {

    /** The next chunk, blocking until the upstream sends it; null once the stream ended properly. */
    ChatChunk next() throws IOException;

    /** Stops reading and drops the upstream connection (it is not drained), so the vendor stops generating. */
    @Override
    void close();
}
