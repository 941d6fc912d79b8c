package io.llmgateway.provider;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** The wait hints vendors send with 429/503 answers, in each format they use. */
class RetryAfterHintsTest {

    private static final DefaultCamelContext CAMEL = new DefaultCamelContext();

    @AfterAll
    static void close() throws Exception {
        CAMEL.close();
    }

    @Test
    void retryAfterInSecondsOrAsAnHttpDate() {
        assertThat(hint(Map.of("Retry-After", "2"))).isEqualTo(Duration.ofSeconds(2));
        String inFiveSeconds = DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.now(ZoneOffset.UTC).plusSeconds(5));
        assertThat(hint(Map.of("Retry-After", inFiveSeconds))).isBetween(Duration.ofSeconds(3), Duration.ofSeconds(5));
        String past = DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.now(ZoneOffset.UTC).minusSeconds(5));
        assertThat(hint(Map.of("Retry-After", past))).isEqualTo(Duration.ZERO);
    }

    @Test
    void azureMillisecondsComeFirst() {
        assertThat(hint(Map.of("retry-after-ms", "250", "Retry-After", "1"))).isEqualTo(Duration.ofMillis(250));
    }

    @Test
    void openAiResetHeadersUseGoDurationsAndTheLongerOneWins() {
        assertThat(hint(Map.of("x-ratelimit-reset-requests", "1s", "x-ratelimit-reset-tokens", "6m0s"))).isEqualTo(Duration.ofMinutes(6));
        assertThat(hint(Map.of("x-ratelimit-reset-tokens", "1h2m3.5s"))).isEqualTo(Duration.ofMillis(3_723_500));
        assertThat(hint(Map.of("x-ratelimit-reset-requests", "20ms"))).isEqualTo(Duration.ofMillis(20));
    }

    @Test
    void noOrUnreadableHintIsNull() {
        assertThat(hint(Map.of())).isNull();
        assertThat(hint(Map.of("Retry-After", "soon"))).isNull();
        assertThat(hint(Map.of("x-ratelimit-reset-requests", "tomorrow"))).isNull();
    }

    private static Duration hint(Map<String, String> headers) {
        Exchange exchange = new DefaultExchange(CAMEL);
        headers.forEach((k, v) -> exchange.getIn().setHeader(k, v));
        return ProviderCalls.retryAfter(exchange);
    }
}
