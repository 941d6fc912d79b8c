package io.llmgateway.cache;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.Ticker;
import com.github.benmanes.caffeine.cache.stats.CacheStats;
import io.llmgateway.cache.CacheDirectives.Directives;
import io.llmgateway.catalog.ModelCatalog;
import io.llmgateway.chat.ChatRequest;
import io.llmgateway.chat.ChatResponse;
import io.llmgateway.chat.Json;
import io.llmgateway.core.CachePolicy;
import io.llmgateway.core.CacheStrategy;
import io.llmgateway.core.ExchangeProperties;
import io.llmgateway.core.GatewayProperties;
import io.llmgateway.core.GatewayProperties.Model;
import io.llmgateway.redis.SharedResponseCache;
import io.llmgateway.tenant.CallerTenants;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.cache.CaffeineCacheMetrics;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.concurrent.atomic.LongAdder;
import org.apache.camel.Exchange;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * The exact-match response cache (Caffeine) behind the pipeline's cache-lookup and cache-store
 * steps. Answers are kept as their JSON bytes, so every hit hands out a fresh object and the
 * size limit measures what is really held. Each entry carries its alias's TTL. With gateway.redis.url
 * a second level in Redis sits behind it (SharedResponseCache): a miss here asks Redis, an answer
 * kept here is kept there too, per alias (cache.shared).
 */
@Component("responseCache")
public class ResponseCache {

    /** One kept answer: its JSON, the provider that gave it, when (ticker nanos) and for how long. */
    record Entry(byte[] body, String provider, long storedAt, long ttlNanos) {
    }

    private final CacheProperties properties;
    private final ModelCatalog catalog;
    private final CacheKeys keys;
    private final Ticker ticker;
    private final Cache<String, Entry> cache;
    private final LongAdder bypasses = new LongAdder();
    private final LongAdder tooLarge = new LongAdder();
    private final LongAdder stores = new LongAdder();
    private final LongAdder sharedHits = new LongAdder();
    private final SharedResponseCache shared;

    public ResponseCache(CacheProperties properties, GatewayProperties gateway, ModelCatalog catalog, CacheKeys keys,
                         SharedResponseCache shared, ObjectProvider<Ticker> ticker, ObjectProvider<MeterRegistry> meters) {
        checkTtl("gateway.cache.default-ttl", properties.getDefaultTtl());
        for (Model model : gateway.getModels()) {
            if (model.getCache() != null && model.getCache().getTtl() != null) {
                checkTtl("cache.ttl of model '" + model.getName() + "'", model.getCache().getTtl());
            }
        }
        this.properties = properties;
        this.catalog = catalog;
        this.keys = keys;
        this.shared = shared;
        this.ticker = ticker.getIfAvailable(Ticker::systemTicker);
        long maxBytes = properties.getMaxSize().toBytes();
        // Caffeine bounds either a count or a weight, not both: every entry weighs at least
        // max-size / max-entries, so the weight bound also keeps the count at max-entries
        int minWeight = (int) Math.min(Integer.MAX_VALUE, Math.max(1, maxBytes / Math.max(1, properties.getMaxEntries())));
        this.cache = Caffeine.newBuilder()
                .maximumWeight(maxBytes)
                .weigher((String key, Entry entry) -> Math.max(minWeight, weight(key, entry)))
                .expireAfter(Expiry.creating((String key, Entry entry) -> Duration.ofNanos(entry.ttlNanos())))
                .ticker(this.ticker)
                // maintenance (eviction, expiry) on the caller's thread: no hidden pool, stats are exact at once
                .executor(Runnable::run)
                .recordStats()
                .build();
        meters.ifAvailable(this::bindMetrics);
    }

    /** Answers from the cache when the alias's strategy and the caller allow it; marks hit, miss or bypass. */
    public void lookup(Exchange exchange) {
        ChatRequest request = exchange.getIn().getBody(ChatRequest.class);
        String alias = exchange.getProperty(ExchangeProperties.MODEL, String.class);
        Model model = catalog.model(alias);
        CachePolicy policy = model == null ? null : model.getCache();
        Directives directives = CacheDirectives.of(exchange);
        CacheStrategy strategy = policy != null && policy.getStrategy() != null
                ? policy.getStrategy() : properties.getDefaultStrategy();
        if (request == null || !allows(strategy, request, directives.optIn())) {
            bypass(exchange);
            return;
        }
        String key = keys.key(CallerTenants.of(exchange), alias, request);
        boolean sharedLevel = shared.configured() && (policy != null && policy.getShared() != null ? policy.getShared() : properties.isShared());
        if (!directives.noStore()) {
            exchange.setProperty(ExchangeProperties.CACHE_KEY, key);
            exchange.setProperty(ExchangeProperties.CACHE_TTL, policy != null && policy.getTtl() != null ? policy.getTtl() : properties.getDefaultTtl());
            exchange.setProperty(ExchangeProperties.CACHE_SHARED, sharedLevel);
        }
        if (directives.noCache()) {
            bypass(exchange);
            return;
        }
        Entry entry = cache.getIfPresent(key);
        if (entry == null && sharedLevel) {
            entry = fromSharedLevel(key);
        }
        if (entry == null) {
            exchange.setProperty(ExchangeProperties.CACHE_RESULT, "miss");
            return;
        }
        try {
            exchange.getIn().setBody(Json.MAPPER.readValue(entry.body(), ChatResponse.class));
        } catch (IOException e) {
            throw new UncheckedIOException("A cached answer no longer reads as a chat.completion", e);
        }
        exchange.setProperty(ExchangeProperties.CACHE_RESULT, "hit");
        exchange.setProperty(ExchangeProperties.CACHE_HIT, true);
        exchange.setProperty(ExchangeProperties.CACHE_AGE, Duration.ofNanos(ticker.read() - entry.storedAt()).toSeconds());
        exchange.setProperty(ExchangeProperties.PROVIDER, entry.provider());
    }

    /** Another instance's answer from Redis, kept here too for the time it has left; null when none. */
    private Entry fromSharedLevel(String key) {
        SharedResponseCache.Hit hit = shared.get(key);
        if (hit == null) {
            return null;
        }
        long ageNanos = Duration.ofMillis(Math.max(0, System.currentTimeMillis() - hit.storedAtMillis())).toNanos();
        Entry entry = new Entry(hit.body(), hit.provider(), ticker.read() - ageNanos, hit.left().toNanos());
        cache.put(key, entry);
        sharedHits.increment();
        return entry;
    }

    /** Keeps the provider's answer when the lookup chose a key; only successful answers reach this step. */
    public void store(Exchange exchange) {
        String key = exchange.getProperty(ExchangeProperties.CACHE_KEY, String.class);
        Object body = exchange.getIn().getBody();
        if (key == null || !(body instanceof ChatResponse response) || response.choices == null
                || response.choices.isEmpty()) {
            return;
        }
        byte[] bytes = Json.write(response);
        if (bytes.length > properties.getMaxResponseSize().toBytes()) {
            tooLarge.increment();
            return;
        }
        Duration ttl = exchange.getProperty(ExchangeProperties.CACHE_TTL, properties.getDefaultTtl(), Duration.class);
        String provider = exchange.getProperty(ExchangeProperties.PROVIDER, String.class);
        cache.put(key, new Entry(bytes, provider, ticker.read(), ttl.toNanos()));
        if (exchange.getProperty(ExchangeProperties.CACHE_SHARED, false, Boolean.class)) {
            shared.put(key, bytes, provider, System.currentTimeMillis(), ttl, properties.getMaxEntries(),
                    properties.getMaxSize().toBytes());
        }
        stores.increment();
    }

    /**
     * Gateway tools ran for this answer: it depends on what they read (the time, an HTTP API), not
     * only on the request, so only the aggressive strategy keeps it, as with the caller's own tools.
     */
    public void gatewayToolsRan(Exchange exchange) {
        Model model = catalog.model(exchange.getProperty(ExchangeProperties.MODEL, String.class));
        CachePolicy policy = model == null ? null : model.getCache();
        CacheStrategy strategy = policy != null && policy.getStrategy() != null
                ? policy.getStrategy() : properties.getDefaultStrategy();
        if (strategy != CacheStrategy.AGGRESSIVE) {
            exchange.removeProperty(ExchangeProperties.CACHE_KEY);
        }
    }

    /** GET /admin/cache */
    public Stats stats() {
        cache.cleanUp();
        CacheStats stats = cache.stats();
        long lookups = stats.hitCount() + stats.missCount();
        return new Stats("gateway.cache", cache.estimatedSize(), properties.getMaxEntries(),
                properties.getMaxSize().toBytes(), bytes(),
                stats.hitCount(), stats.missCount(), lookups == 0 ? 0.0 : (double) stats.hitCount() / lookups,
                stats.evictionCount(), bypasses.sum(), stores.sum(), tooLarge.sum());
    }

    /**
     * DELETE /admin/cache: drops every entry of every tenant, here and in the shared level; counters
     * keep counting. Other instances' first levels keep theirs until they expire or are flushed there.
     */
    public Flushed flush() {
        cache.cleanUp();
        long removed = cache.estimatedSize();
        cache.invalidateAll();
        if (shared.configured()) {
            removed = Math.max(removed, shared.flush());
        }
        return new Flushed("gateway.cache.flush", removed);
    }

    private static void checkTtl(String setting, Duration ttl) {
        if (ttl == null || ttl.isNegative() || ttl.isZero()) {
            throw new IllegalStateException(setting + " must be a positive duration such as 10m or 1h, not " + ttl);
        }
    }

    private void bypass(Exchange exchange) {
        bypasses.increment();
        exchange.setProperty(ExchangeProperties.CACHE_RESULT, "bypass");
    }

    /** What an entry holds: its JSON, its key's characters, and about a hundred bytes of objects around them. */
    static int weight(String key, Entry entry) {
        return entry.body().length + 2 * key.length() + 100;
    }

    private long bytes() {
        long total = 0;
        for (Entry entry : cache.asMap().values()) {
            total += entry.body().length;
        }
        return total;
    }

    private void bindMetrics(MeterRegistry registry) {
        // cache.gets{result=hit|miss}, cache.evictions, cache.size, ... tagged cache=gateway-responses
        CaffeineCacheMetrics.monitor(registry, cache, "gateway-responses");
        Gauge.builder("gateway.cache.bytes", this, ResponseCache::bytes)
                .description("Bytes of JSON held by the response cache").baseUnit("bytes").register(registry);
        FunctionCounter.builder("gateway.cache.bypasses", bypasses, LongAdder::sum)
                .description("Requests the response cache did not look up (strategy, opt-in or no-cache)")
                .register(registry);
        // Caffeine's own cache.puts counts loads, which this cache does not use; this counts kept answers
        FunctionCounter.builder("gateway.cache.stores", stores, LongAdder::sum)
                .description("Provider answers kept by the response cache").register(registry);
        FunctionCounter.builder("gateway.cache.shared.hits", sharedHits, LongAdder::sum)
                .description("Lookups answered by the shared level in Redis (kept by this or another instance)")
                .register(registry);
        FunctionCounter.builder("gateway.cache.too.large", tooLarge, LongAdder::sum)
                .description("Answers not kept because they exceeded gateway.cache.max-response-size")
                .register(registry);
    }

    public record Stats(String object, long entries, @JsonProperty("max_entries") long maxEntries,
                        @JsonProperty("max_bytes") long maxBytes, long bytes,
                        long hits, long misses, @JsonProperty("hit_rate") double hitRate, long evictions,
                        long bypasses, long stores, @JsonProperty("too_large") long tooLarge) {
    }

    public record Flushed(String object, long removed) {
    }

    /** What each strategy lets the cache answer and keep. */
    static boolean allows(CacheStrategy strategy, ChatRequest request, boolean optedIn) {
        return switch (strategy) {
            case AGGRESSIVE -> true;
            case CONSERVATIVE -> repeatable(request);
            case SELECTIVE -> optedIn && repeatable(request);
            case DISABLED -> false;
        };
    }

    /** Temperature 0 or a fixed seed, and no tools (a tool call's answer depends on the world, not the prompt). */
    static boolean repeatable(ChatRequest request) {
        boolean deterministic = (request.temperature != null && request.temperature == 0.0) || request.seed != null;
        boolean noTools = request.tools == null || request.tools.isEmpty();
        return deterministic && noTools;
    }
}
