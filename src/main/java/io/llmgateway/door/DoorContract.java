package io.llmgateway.door;

import io.llmgateway.auth.GatewayKeys;
import io.llmgateway.usage.RequestLog;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

/** Puts the door filter in front of everything under /v1, before any other filter reads the request. */
@Configuration(proxyBeanMethods = false)
public class DoorContract {

    /** The key is checked first; filters that limit or read the body come after it. */
    public static final int FILTER_ORDER = Ordered.HIGHEST_PRECEDENCE + 10;

    @Bean
    FilterRegistrationBean<DoorFilter> doorFilter(GatewayKeys keys, RequestLog requestLog) {
        FilterRegistrationBean<DoorFilter> registration = new FilterRegistrationBean<>(new DoorFilter(keys, requestLog));
        registration.addUrlPatterns("/v1/*");
        registration.setName("doorFilter");
        registration.setOrder(FILTER_ORDER);
        return registration;
    }
}
