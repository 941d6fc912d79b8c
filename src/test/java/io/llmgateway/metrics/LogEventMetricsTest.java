package io.llmgateway.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.LoggerContext;
import io.llmgateway.support.GatewayTestSupport;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** logback_events_total, Spring Boot's count of log events by level, as /actuator/prometheus shows it. */
class LogEventMetricsTest extends GatewayTestSupport {

    // outside io.llmgateway, which the tests log at DEBUG: here the root's INFO applies
    private static final Logger LOG = LoggerFactory.getLogger("test.log-event-metrics");

    @Test
    void eachLoggedEventIsCountedOnceByItsLevel() {
        double warnBefore = metric("logback_events_total", Map.of("level", "warn"));
        double debugBefore = metric("logback_events_total", Map.of("level", "debug"));

        LOG.warn("first test warning");
        LOG.warn("second test warning");
        LOG.warn("third test warning");
        LOG.debug("below the effective level, so never logged");

        assertThat(metric("logback_events_total", Map.of("level", "warn"))).isEqualTo(warnBefore + 3);
        assertThat(metric("logback_events_total", Map.of("level", "debug"))).isEqualTo(debugBefore);
    }

    @Test
    void noTurboFilterIsConsultedOnEveryLevelCheck() {
        LoggerContext logging = (LoggerContext) LoggerFactory.getILoggerFactory();

        assertThat(logging.getTurboFilterList()).isEmpty();
    }
}
