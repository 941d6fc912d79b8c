package io.llmgateway.tools;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import org.springframework.stereotype.Component;

/** gateway_tool_calls (timer) by tool and outcome: ok, failed, timeout, invalid_arguments. */
@Component
public class ToolMetrics {

    private final MeterRegistry registry;

    public ToolMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    void record(String tool, String outcome, long millis) {
        Timer.builder("gateway.tool.calls")
                .description("Gateway tool calls by tool and outcome")
                .tag("tool", tool)
                .tag("outcome", outcome)
                .register(registry)
                .record(Duration.ofMillis(millis));
    }
}
