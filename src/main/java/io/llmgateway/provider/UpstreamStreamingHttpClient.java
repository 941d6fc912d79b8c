package io.llmgateway.provider;

import io.llmgateway.core.ResilienceProperties;
import org.apache.hc.client5.http.impl.classic.HttpClientBuilder;
import org.springframework.stereotype.Component;

/**
 * The HTTP client for streaming calls: as {@link UpstreamHttpClient}, and without transparent
 * decompression, so each event is handed on as it arrives (a gzip decoder holds bytes back) and
 * the body stays HttpClient's own stream, which the gateway can drop to cancel the call.
 */
@Component("upstreamStreamingHttpClient")
public class UpstreamStreamingHttpClient extends UpstreamHttpClient {

    public UpstreamStreamingHttpClient(ResilienceProperties resilience) {
        super(resilience);
    }

    @Override
    public void configureHttpClient(HttpClientBuilder builder) {
        super.configureHttpClient(builder);
        builder.disableContentCompression();
    }
}
