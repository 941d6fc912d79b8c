package io.llmgateway.responsesdoor;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.util.Optional;
import org.springframework.stereotype.Component;

/** Stored responses in Caffeine: expire {@code ttl} after writing, bounded by their total bytes. */
@Component
public class InMemoryResponseStore implements ResponseStore {

    private final Cache<String, StoredResponse> cache;

    public InMemoryResponseStore(ResponsesProperties properties) {
        this.cache = Caffeine.newBuilder()
                .expireAfterWrite(properties.getTtl())
                .maximumWeight(properties.getMaxStoreSize().toBytes())
                .weigher((String id, StoredResponse stored) -> stored.weight())
                // eviction on the caller's thread: no hidden pool
                .executor(Runnable::run)
                .build();
    }

    @Override
    public void put(StoredResponse response) {
        cache.put(response.id(), response);
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
}
