package io.llmgateway.tools;

import org.apache.camel.CamelContext;
import org.apache.camel.builder.ThreadPoolProfileBuilder;
import org.apache.camel.spring.boot.CamelContextConfiguration;
import org.springframework.stereotype.Component;

/**
 * The split EIP's thread pool for gateway tool calls, sized on purpose (gateway.tools.parallelism):
 * a Camel thread pool profile named gateway-tool-calls, which routes/tool-loop.camel.yaml's split
 * refers to. Camel creates and stops the pool; its threads read "... - gateway-tool-calls" in a
 * thread dump. (A Spring ExecutorService bean would switch off Spring Boot's own task executor.)
 */
@Component
public class ToolPools implements CamelContextConfiguration {

    public static final String PROFILE = "gateway-tool-calls";

    private final ToolProperties properties;

    public ToolPools(ToolProperties properties) {
        this.properties = properties;
    }

    @Override
    public void beforeApplicationStart(CamelContext camel) {
        camel.getExecutorServiceManager().registerThreadPoolProfile(new ThreadPoolProfileBuilder(PROFILE)
                .poolSize(properties.getParallelism())
                .maxPoolSize(properties.getParallelism())
                .maxQueueSize(1000)
                .build());
    }

    @Override
    public void afterApplicationStart(CamelContext camel) {
    }
}
