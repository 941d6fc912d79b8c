package io.llmgateway.provider;

import io.llmgateway.core.ResilienceProperties;
import org.apache.camel.component.http.HttpClientConfigurer;
import org.apache.hc.client5.http.impl.DefaultConnectionKeepAliveStrategy;
import org.apache.hc.client5.http.impl.classic.HttpClientBuilder;
import org.apache.hc.core5.util.TimeValue;
import org.springframework.stereotype.Component;

/**
 * How every provider's HTTP client behaves. HttpClient's own retries are off (by default it
 * silently retries 429/503 after Retry-After), because retry and fallback belong to the gateway's
 * resilience steps, where they are visible and counted. No redirects (upstream hosts come from
 * configuration only), no cookies, and idle pooled connections are closed before servers drop them.
 */
@Component("upstreamHttpClient")
public class UpstreamHttpClient implements HttpClientConfigurer {

    private final ResilienceProperties.Pool pool;

    public UpstreamHttpClient(ResilienceProperties resilience) {
        this.pool = resilience.getPool();
    }

    @Override
    public void configureHttpClient(HttpClientBuilder builder) {
        TimeValue keepAlive = TimeValue.of(pool.getKeepAlive());
        builder.disableAutomaticRetries()
                .disableRedirectHandling()
                .disableCookieManagement()
                .evictExpiredConnections()
                .evictIdleConnections(TimeValue.of(pool.getIdleEviction()))
                // the server's Keep-Alive hint, but never longer than gateway.resilience.pool.keep-alive
                .setKeepAliveStrategy((response, context) -> {
                    TimeValue server = DefaultConnectionKeepAliveStrategy.INSTANCE.getKeepAliveDuration(response, context);
                    return server.compareTo(keepAlive) < 0 ? server : keepAlive;
                });
    }
}
