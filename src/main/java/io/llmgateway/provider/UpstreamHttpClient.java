package io.llmgateway.provider;

import org.apache.camel.component.http.HttpClientConfigurer;
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

    @Override
    public void configureHttpClient(HttpClientBuilder builder) {
        builder.disableAutomaticRetries()
                .disableRedirectHandling()
                .disableCookieManagement()
                .evictExpiredConnections()
                .evictIdleConnections(TimeValue.ofSeconds(30));
    }
}
