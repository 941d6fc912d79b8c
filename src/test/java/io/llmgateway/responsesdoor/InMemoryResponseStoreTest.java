package io.llmgateway.responsesdoor;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.benmanes.caffeine.cache.Ticker;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;

/**
 * The in-memory store keeps each response for its tenant only, for its TTL (on a ticker the test
 * moves), and never holds more bytes than its bound.
 */
class InMemoryResponseStoreTest {

    /** Caffeine's clock, moved by the test. */
    private final AtomicLong nanos = new AtomicLong();
    private final Ticker ticker = nanos::get;

    static StoredResponse response(String id, String tenant, int bytes) {
        byte[] body = "x".repeat(bytes).getBytes(StandardCharsets.UTF_8);
        return new StoredResponse(id, tenant, body, "[]".getBytes(StandardCharsets.UTF_8), "[]".getBytes(StandardCharsets.UTF_8));
    }

    private InMemoryResponseStore store(DataSize bound) {
        ResponsesProperties properties = new ResponsesProperties();
        properties.setMaxStoreSize(bound);
        properties.setTtl(Duration.ofMinutes(10));
        return new InMemoryResponseStore(properties, ticker);
    }

    private void advance(Duration by) {
        nanos.addAndGet(by.toNanos());
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
    void aResponseExpiresItsTtlAfterItWasWritten() {
        InMemoryResponseStore store = store(DataSize.ofMegabytes(1));
        store.put(response("resp_early", "team-a", 10));
        advance(Duration.ofMinutes(6));
        store.put(response("resp_late", "team-a", 10));

        advance(Duration.ofMinutes(4).minusSeconds(1));
        assertThat(store.get("resp_early", "team-a")).as("9:59 after it was written").isPresent();

        advance(Duration.ofSeconds(1));
        assertThat(store.get("resp_early", "team-a")).as("10:00 after it was written").isEmpty();
        assertThat(store.delete("resp_early", "team-a")).isFalse();
        assertThat(store.get("resp_late", "team-a")).as("4:00 after it was written").isPresent();

        advance(Duration.ofMinutes(6));
        store.prune();
        assertThat(store.get("resp_late", "team-a")).isEmpty();
    }

    @Test
    void theByteBoundEvictsOlderResponses() {
        InMemoryResponseStore store = store(DataSize.ofKilobytes(10));
        for (int i = 0; i < 20; i++) {
            store.put(response("resp_" + i, "team-a", 1000));
        }

        long kept = IntStream.range(0, 20).filter(i -> store.get("resp_" + i, "team-a").isPresent()).count();
        // Caffeine's admission picks which go (not simply the oldest); the bound holds whichever
        assertThat(kept).isPositive().isLessThanOrEqualTo(10);
    }

    @Test
    void aResponseLargerThanMaxResponseSizeIsNotKept() {
        ResponsesProperties properties = new ResponsesProperties();
        properties.setMaxResponseSize(DataSize.ofKilobytes(4));
        InMemoryResponseStore store = new InMemoryResponseStore(properties, ticker);

        assertThat(store.put(response("resp_small", "team-a", 3000))).isTrue();
        assertThat(store.put(response("resp_big", "team-a", 5000))).isFalse();
        assertThat(store.get("resp_small", "team-a")).isPresent();
        assertThat(store.get("resp_big", "team-a")).isEmpty();
    }
}
