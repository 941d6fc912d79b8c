package io.llmgateway.usage;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The request line's *_ms fields: two decimals, rounded half up, as BigDecimal printed them before. */
class RequestLogMillisTest {

    @Test
    void nanosPrintAsMillisecondsWithTwoDecimals() {
        assertThat(RequestLog.millis(1_234_567)).isEqualTo("1.23");
        assertThat(RequestLog.millis(1_235_000)).isEqualTo("1.24");
        assertThat(RequestLog.millis(50_000)).isEqualTo("0.05");
        assertThat(RequestLog.millis(4_999)).isEqualTo("0.00");
        assertThat(RequestLog.millis(99_995_000)).isEqualTo("100.00");
        assertThat(RequestLog.millis(2_000_104_999_999L)).isEqualTo("2000105.00");
    }

    @Test
    void aNegativeSpanPrintsAsZero() {
        assertThat(RequestLog.millis(-3_000_000)).isEqualTo("0.00");
    }
}
