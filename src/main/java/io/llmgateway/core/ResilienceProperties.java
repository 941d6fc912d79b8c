package io.llmgateway.core;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/** Gateway-wide resilience settings ({@code gateway.resilience}); per-provider ones sit under each provider. */
@ConfigurationProperties("gateway.resilience")
public class ResilienceProperties {
    /** One overall deadline per request across every retry and fallback. */
    private Duration deadline = Duration.ofSeconds(120);

    private Pool pool = new Pool();

    public Duration getDeadline() { return deadline; }
    public void setDeadline(Duration deadline) { this.deadline = deadline; }
    public Pool getPool() { return pool; }
    public void setPool(Pool pool) { this.pool = pool; }

    /** How every provider's pooled connections age (sizes are per provider: max-connections, max-connections-per-host). */
    public static class Pool {
        /** Longest a connection is kept alive between requests; shorter when the server's Keep-Alive says so. */
        private Duration keepAlive = Duration.ofSeconds(60);
        /** Idle connections older than this are closed by a background evictor. */
        private Duration idleEviction = Duration.ofSeconds(30);

        public Duration getKeepAlive() { return keepAlive; }
        public void setKeepAlive(Duration keepAlive) { this.keepAlive = keepAlive; }
        public Duration getIdleEviction() { return idleEviction; }
        public void setIdleEviction(Duration idleEviction) { this.idleEviction = idleEviction; }
    }
}
