package io.llmgateway.responsesdoor;

import com.github.benmanes.caffeine.cache.Ticker;
import java.time.Clock;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The one {@link ResponseStore} gateway.responses.store names (memory or database). */
@Configuration(proxyBeanMethods = false)
class ResponseStores {

    @Bean
    ResponseStore responseStore(ResponsesProperties properties, ObjectProvider<JdbcClient> jdbc) {
        return switch (properties.getStore()) {
            case MEMORY -> new InMemoryResponseStore(properties, Ticker.systemTicker());
            case DATABASE -> new JdbcResponseStore(jdbc.getObject(), properties, Clock.systemUTC());
        };
    }
}
