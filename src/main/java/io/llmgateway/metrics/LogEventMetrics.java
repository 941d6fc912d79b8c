package io.llmgateway.metrics;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.LoggerContextListener;
import ch.qos.logback.core.UnsynchronizedAppenderBase;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.BaseUnits;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * Spring Boot's logback_events_total{level}, counted by an appender on the root logger instead of
 * Micrometer's turbo filter. Logback asks a turbo filter about every isTraceEnabled() call, and
 * Camel makes dozens per request: about 4% of a request's CPU (bench A/B). An appender only sees
 * the events that are logged, which are exactly the ones the metric counts. (Events of a logger
 * set to additivity=false with appenders of its own never reach the root, so are not counted.)
 * LogbackMetricsAutoConfiguration is excluded in application.yaml so the events are not counted twice.
 */
@Component
public class LogEventMetrics implements MeterBinder, DisposableBean {

    private final CountingAppender appender = new CountingAppender();
    private final ReattachOnReset reattach = new ReattachOnReset();
    private LoggerContext logging;

    @Override
    public void bindTo(MeterRegistry registry) {
        appender.error = counter(registry, "error");
        appender.warn = counter(registry, "warn");
        appender.info = counter(registry, "info");
        appender.debug = counter(registry, "debug");
        appender.trace = counter(registry, "trace");
        if (LoggerFactory.getILoggerFactory() instanceof LoggerContext context) {
            logging = context;
            attach();
            context.addListener(reattach);
        }
    }

    private static Counter counter(MeterRegistry registry, String level) {
        return Counter.builder("logback.events").tag("level", level)
                .description("Number of log events that were enabled by the effective log level")
                .baseUnit(BaseUnits.EVENTS).register(registry);
    }

    private void attach() {
        appender.setContext(logging);
        appender.setName("gateway-log-event-metrics");
        appender.start();
        root().addAppender(appender);
    }

    private Logger root() {
        return logging.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    }

    @Override
    public void destroy() {
        if (logging != null) {
            logging.removeListener(reattach);
            root().detachAppender(appender);
            appender.stop();
        }
    }

    private static final class CountingAppender extends UnsynchronizedAppenderBase<ILoggingEvent> {
        Counter error, warn, info, debug, trace;

        @Override
        protected void append(ILoggingEvent event) {
            switch (event.getLevel().toInt()) {
                case Level.ERROR_INT -> error.increment();
                case Level.WARN_INT -> warn.increment();
                case Level.INFO_INT -> info.increment();
                case Level.DEBUG_INT -> debug.increment();
                default -> trace.increment();
            }
        }
    }

    /** Spring Boot resets logging when it (re)configures it, which detaches every appender. */
    private final class ReattachOnReset implements LoggerContextListener {
        @Override
        public boolean isResetResistant() {
            return true;
        }

        @Override
        public void onReset(LoggerContext context) {
            attach();
        }

        @Override
        public void onStart(LoggerContext context) {
        }

        @Override
        public void onStop(LoggerContext context) {
        }

        @Override
        public void onLevelChange(Logger logger, Level level) {
        }
    }
}
