package io.llmgateway.support;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmgateway.support.FakeProvider.Received;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;

/** What the fake Bedrock checks of every request: a valid AWS SigV4 signature over what arrived. */
public final class SigV4 {

    private static final Pattern AUTHORIZATION = Pattern.compile(
            "AWS4-HMAC-SHA256 Credential=(\\w+)/(\\d{8})/([a-z0-9-]+)/bedrock/aws4_request, SignedHeaders=([a-z0-9;-]+), Signature=([0-9a-f]{64})");

    private SigV4() {
    }

    /**
     * The Authorization header is a SigV4 signature over exactly what arrived: the fake signs the
     * received method, raw path, host and body again with the same key and timestamp and must get
     * the same signature (any change to path encoding, host or body on the way breaks it).
     */
    public static void assertSigned(Received request) {
        Matcher auth = AUTHORIZATION.matcher(String.valueOf(request.header("Authorization")));
        assertThat(auth.matches()).as("Authorization: %s", request.header("Authorization")).isTrue();
        assertThat(auth.group(1)).isEqualTo(GatewayTestSupport.FAKE_AWS_ACCESS_KEY);
        assertThat(auth.group(3)).isEqualTo("eu-west-3");
        assertThat(auth.group(4).split(";")).contains("host", "x-amz-date");
        String amzDate = request.header("X-Amz-Date");
        assertThat(amzDate).isNotNull().startsWith(auth.group(2));

        Instant signedAt = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmssX").parse(amzDate, Instant::from);
        SdkHttpRequest received = SdkHttpRequest.builder().method(SdkHttpMethod.POST)
                .uri(URI.create("http://" + request.header("Host") + request.rawPath())).build();
        String expected = AwsV4HttpSigner.create().sign(r -> r
                        .identity(AwsBasicCredentials.create(GatewayTestSupport.FAKE_AWS_ACCESS_KEY, GatewayTestSupport.FAKE_AWS_SECRET_KEY))
                        .request(received)
                        .payload(ContentStreamProvider.fromUtf8String(request.body()))
                        .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "bedrock")
                        .putProperty(AwsV4HttpSigner.REGION_NAME, "eu-west-3")
                        .putProperty(AwsV4HttpSigner.SIGNING_CLOCK, Clock.fixed(signedAt, ZoneOffset.UTC)))
                .request().firstMatchingHeader("Authorization").orElseThrow();
        assertThat(request.header("Authorization")).isEqualTo(expected);
    }

}
