package io.llmgateway.chat;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class JsonBufferPoolTest {

    @Test
    void thePoolKeepsAtMostItsCapWhateverWasOpenAtOnce() throws Exception {
        // as many parsers and generators open at once as streams in the benchmark's scenario 5
        List<AutoCloseable> open = new ArrayList<>();
        for (int i = 0; i < 250; i++) {
            JsonParser parser = Json.MAPPER.createParser("{\"a\":[1,2,3]}".getBytes());
            while (parser.nextToken() != null) {
                // read it through, as the doors do
            }
            open.add(parser);
            JsonGenerator generator = Json.MAPPER.createGenerator(new ByteArrayOutputStream());
            generator.writeStartObject();
            generator.writeStringField("b", "x".repeat(10_000));
            generator.writeEndObject();
            open.add(generator);
        }
        for (AutoCloseable c : open) {
            c.close();
        }

        int pooled = Json.MAPPER.getFactory()._getRecyclerPool().pooledCount();
        assertThat(pooled).isPositive().isLessThanOrEqualTo(Json.POOLED_BUFFERS);
    }

    @Test
    void aClosedParsersBuffersAreReused() throws Exception {
        try (JsonParser parser = Json.MAPPER.createParser("{}".getBytes())) {
            parser.nextToken();
        }
        int before = Json.MAPPER.getFactory()._getRecyclerPool().pooledCount();
        try (JsonParser parser = Json.MAPPER.createParser("{}".getBytes())) {
            parser.nextToken();
            // taken from the pool while open, not created beside it
            assertThat(Json.MAPPER.getFactory()._getRecyclerPool().pooledCount()).isEqualTo(before - 1);
        }
        assertThat(Json.MAPPER.getFactory()._getRecyclerPool().pooledCount()).isEqualTo(before);
    }
}
