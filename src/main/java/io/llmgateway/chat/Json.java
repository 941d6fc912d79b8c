package io.llmgateway.chat;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.JsonRecyclerPools;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.fasterxml.jackson.databind.json.JsonMapper;

/** The one ObjectMapper for wire bodies: thread-safe, configured once, shared by every door and adapter. */
public final class Json {

    /**
     * Most buffer sets the shared pool keeps. Past it, a parser or generator gets fresh buffers and
     * they are dropped when it closes: the pool used to be unbounded, so it grew to the most parsers
     * ever open at once (500 with 500 streams) and, taking them in turn, each set grew to the largest
     * body seen (~260 KB after 100k-token prompts): ~130 MB live for good after the benchmark.
     */
    static final int POOLED_BUFFERS = 64;

    // Requests run on virtual threads: Jackson's default buffer pool is per (platform) thread, so
    // every request allocated fresh read/write buffers and kept them while it waited upstream.
    // One shared pool reuses them (JFR: 11% of allocated bytes, scenario 4's live set).
    public static final ObjectMapper MAPPER = JsonMapper.builder(JsonFactory.builder()
                    .recyclerPool(JsonRecyclerPools.newBoundedPool(POOLED_BUFFERS))
                    .build())
            .serializationInclusion(JsonInclude.Include.NON_NULL)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .build();

    private Json() {
    }

    public static byte[] write(Object value) {
        try {
            return MAPPER.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot serialise " + value.getClass().getSimpleName(), e);
        }
    }
}
