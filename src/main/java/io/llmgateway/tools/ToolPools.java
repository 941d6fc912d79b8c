package io.llmgateway.tools;

import java.util.concurrent.ExecutorService;
import org.apache.camel.CamelContext;
import org.apache.camel.spi.ThreadPoolProfile;
import org.apache.camel.builder.ThreadPoolProfileBuilder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The split EIP's thread pool for gateway tool calls: named and sized on purpose (gateway.tools.parallelism). */
@Configuration(proxyBeanMethods = false)
public class ToolPools {

    @Bean("gatewayToolCallPool")
    ExecutorService gatewayToolCallPool(CamelContext camel, ToolProperties properties) {
        ThreadPoolProfile profile = new ThreadPoolProfileBuilder("gateway-tool-calls")
                .poolSize(properties.getParallelism())
                .maxPoolSize(properties.getParallelism())
                .maxQueueSize(1000)
                .build();
        // Camel owns it: its threads read "Camel (llm-gateway) thread #N - gateway-tool-calls" and it stops with the context.
        return camel.getExecutorServiceManager().newThreadPool(this, "gateway-tool-calls", profile);
    }
}
