package io.llmgateway.stream;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import org.apache.hc.core5.http.io.EofSensorInputStream;

/**
 * A vendor's streaming response body that can be dropped. Closing an HttpClient response body
 * normally reads it to the end so the connection can be reused, which for an LLM stream means
 * paying for the whole answer nobody will read. {@link #abort()} closes the connection instead,
 * so the vendor sees the client go away and stops generating.
 */
public final class UpstreamBody extends FilterInputStream {

    public UpstreamBody(InputStream in) {
        super(in);
    }

    /** Drops the connection without draining it; a no-op once the body was read to its end. */
    public void abort() {
        try {
            if (in instanceof EofSensorInputStream sensor) {
                sensor.abort();
            } else {
                in.close();
            }
        } catch (IOException | RuntimeException ignored) {
            // the connection is gone either way
        }
    }

    @Override
    public void close() {
        abort();
    }
}
