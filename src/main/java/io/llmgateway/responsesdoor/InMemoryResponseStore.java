package io.llmgateway.responsesdoor;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import java.util.Optional;

/** Stored responses in Caffeine: expire {@code ttl} after writing, bounded by their total bytes. */
public class InMemoryResponseStore implements ResponseStore {

    private final Cache<String, StoredResponse> cache;
    private final long maxResponseBytes;

    /** {@code ticker}: Caffeine's clock, a test's own to move time. */
    public InMemoryResponseStore(ResponsesProperties properties, Ticker ticker) {
        this.maxResponseBytes = properties.getMaxResponseSize().toBytes();
        this.cache = Caffeine.newBuilder()
                .expireAfterWrite(properties.getTtl())
                .maximumWeight(properties.getMaxStoreSize().toBytes())
                .weigher((String id, StoredResponse stored) -> stored.weight())
                .ticker(ticker)
                // eviction on the caller's thread: no hidden pool
                .executor(Runnable::run)
                .build();
    }

    @Override
    public boolean put(StoredResponse response) {
        if (response.weight() > maxResponseBytes) {
            return false;
        }
        cache.put(response.id(), response);
        return true;
    }

    @Override
    public Optional<StoredResponse> get(String id, String tenant) {
        StoredResponse stored = id == null ? null : cache.getIfPresent(id);
        return stored != null && stored.tenant().equals(tenant) ? Optional.of(stored) : Optional.empty();
    }

    @Override
    public boolean delete(String id, String tenant) {
        if (get(id, tenant).isEmpty()) {
            return false;
        }
        return cache.asMap().remove(id) != null;
    }

    /** Expired entries go on reads and writes anyway; this frees them when the door is idle. */
    @Override
    public int prune() {
        cache.cleanUp();
        return 0;
    }
}
