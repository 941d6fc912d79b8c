package io.llmgateway.responsesdoor;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;

/** The in-memory store keeps each response for its tenant only and never holds more bytes than its bound. */
class InMemoryResponseStoreTest {

    private static StoredResponse response(String id, String tenant, int bytes) {
        byte[] body = "x".repeat(bytes).getBytes(StandardCharsets.UTF_8);
        return new StoredResponse(id, tenant, body, "[]".getBytes(StandardCharsets.UTF_8), "[]".getBytes(StandardCharsets.UTF_8));
    }

    private static InMemoryResponseStore store(DataSize bound) {
        ResponsesProperties properties = new ResponsesProperties();
        properties.setMaxStoreSize(bound);
        return new InMemoryResponseStore(properties);
    }

    @Test
    void aResponseIsOnlyEverFoundForItsTenant() {
        InMemoryResponseStore store = store(DataSize.ofMegabytes(1));
        store.put(response("resp_a", "team-a", 10));

        assertThat(store.get("resp_a", "team-a")).isPresent();
        assertThat(store.get("resp_a", "team-b")).isEmpty();
        assertThat(store.delete("resp_a", "team-b")).isFalse();
        assertThat(store.get("resp_a", "team-a")).isPresent();
        assertThat(store.delete("resp_a", "team-a")).isTrue();
        assertThat(store.get("resp_a", "team-a")).isEmpty();
    }

    @Test
    void theByteBoundEvictsOlderResponses() {
        InMemoryResponseStore store = store(DataSize.ofKilobytes(10));
        for (int i = 0; i < 20; i++) {
            store.put(response("resp_" + i, "team-a", 1000));
        }

        long kept = java.util.stream.IntStream.range(0, 20).filter(i -> store.get("resp_" + i, "team-a").isPresent()).count();
        assertThat(kept).isPositive().isLessThanOrEqualTo(10);
    }
}
