package io.llmgateway.support;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.AppenderBase;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A Logback appender (declared in logback-test.xml, so it survives Spring Boot re-initialising
 * logging for every test context) that keeps every log line of the test run: message, key/value
 * pairs, MDC and stack trace, exactly as a log shipper would see them.
 */
public class LogCapture extends AppenderBase<ILoggingEvent> {

    private static final int MAX_LINES = 500_000;
    private static final ConcurrentLinkedQueue<String> LINES = new ConcurrentLinkedQueue<>();
    private static final AtomicInteger COUNT = new AtomicInteger();

    @Override
    protected void append(ILoggingEvent event) {
        if (COUNT.incrementAndGet() > MAX_LINES) {
            return;
        }
        StringBuilder line = new StringBuilder()
                .append(event.getLevel()).append(' ').append(event.getLoggerName()).append(" [")
                .append(event.getThreadName()).append("] ").append(event.getFormattedMessage());
        if (event.getKeyValuePairs() != null) {
            event.getKeyValuePairs().forEach(kv -> line.append(' ').append(kv.key).append('=').append(kv.value));
        }
        if (!event.getMDCPropertyMap().isEmpty()) {
            line.append(' ').append(event.getMDCPropertyMap());
        }
        if (event.getThrowableProxy() != null) {
            line.append('\n').append(ThrowableProxyUtil.asString(event.getThrowableProxy()));
        }
        LINES.add(line.toString());
    }

    public static List<String> lines() {
        return List.copyOf(LINES);
    }

    /** The one captured line that names this request id: its request log line. */
    public static String requestLine(String requestId) {
        List<String> found = LINES.stream().filter(l -> l.contains("request_id=" + requestId)).toList();
        assertThat(found).as("lines naming request %s", requestId).hasSize(1);
        return found.get(0);
    }
}
