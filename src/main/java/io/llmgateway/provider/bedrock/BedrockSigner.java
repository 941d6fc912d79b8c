package io.llmgateway.provider.bedrock;

import io.llmgateway.core.GatewayProperties.Provider;
import io.llmgateway.error.GatewayException;
import io.llmgateway.provider.Target;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;
import software.amazon.awssdk.utils.http.SdkHttpUtils;

/**
 * Signs Bedrock requests with AWS Signature Version 4 using the AWS SDK's own signer (never a
 * hand-rolled one). Credentials and region come from the standard AWS chains (environment,
 * system properties, profile, container/instance roles); the provider's {@code region} overrides.
 */
@Component
public class BedrockSigner {

    static final String SERVICE = "bedrock";

    private final AwsV4HttpSigner signer = AwsV4HttpSigner.create();
    private final Map<String, AwsCredentialsProvider> credentials = new ConcurrentHashMap<>();

    /** The headers to add (Authorization, X-Amz-Date, X-Amz-Security-Token when temporary), signed over the exact bytes sent. */
    public Map<String, String> sign(Target target, String path, byte[] body) {
        Provider provider = target.provider();
        URI uri = URI.create(baseUrl(provider) + "/" + path);
        SdkHttpRequest request = SdkHttpRequest.builder().method(SdkHttpMethod.POST).uri(uri).build();
        AwsCredentialsIdentity identity;
        try {
            identity = credentials.computeIfAbsent(target.providerId(), id -> DefaultCredentialsProvider.builder().build())
                    .resolveCredentials();
        } catch (SdkClientException e) {
            throw new GatewayException(500, "server_error", "provider_not_configured", null,
                    "Provider '" + target.providerId() + "' has no AWS credentials (set AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, "
                            + "AWS_PROFILE or an instance role)", target.providerId(), null);
        }
        SignedRequest signed = signer.sign(r -> r.identity(identity).request(request)
                .payload(ContentStreamProvider.fromByteArrayUnsafe(body))
                .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, SERVICE)
                .putProperty(AwsV4HttpSigner.REGION_NAME, region(provider)));
        Map<String, String> headers = new LinkedHashMap<>();
        signed.request().headers().forEach((name, values) -> {
            // the HTTP client writes Host itself, from the same URI that was signed
            if (!name.equalsIgnoreCase("Host") && !values.isEmpty()) {
                headers.put(name, String.join(",", values));
            }
        });
        return headers;
    }

    /** The region: the provider's own, else the standard chain (AWS_REGION, profile, instance metadata). */
    public static String region(Provider provider) {
        if (provider.getRegion() != null && !provider.getRegion().isBlank()) {
            return provider.getRegion();
        }
        try {
            return DefaultAwsRegionProviderChain.builder().build().getRegion().id();
        } catch (SdkClientException e) {
            return "us-east-1";
        }
    }

    /** The configured base URL, else Bedrock's runtime endpoint for the region. */
    public static String baseUrl(Provider provider) {
        return baseUrl(provider, true);
    }

    /**
     * As {@link #baseUrl(Provider)}; without {@code regionChain} an unset region is taken as
     * us-east-1 instead of asking the chain, whose last resort (instance metadata) can take
     * seconds: for providers that are switched off anyway.
     */
    public static String baseUrl(Provider provider, boolean regionChain) {
        String url = provider.getBaseUrl();
        if (url == null || url.isBlank()) {
            String region = regionChain || provider.getRegion() != null && !provider.getRegion().isBlank()
                    ? region(provider) : "us-east-1";
            return "https://bedrock-runtime." + region + ".amazonaws.com";
        }
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    /** Model ids carry ':' (anthropic.claude-...-v1:0) and ARNs '/': encoded as the AWS SDK does on the wire. */
    static String encodePathSegment(String segment) {
        return SdkHttpUtils.urlEncode(segment);
    }

}
