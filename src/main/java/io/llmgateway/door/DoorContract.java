package io.llmgateway.door;

import io.llmgateway.auth.GatewayKeys;
import io.llmgateway.http.DoorFilters;
import io.llmgateway.usage.RequestLog;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;


/** Puts the door filter in front of everything under /v1, before any filter reads the request body. */
@Configuration(proxyBeanMethods = false)
public class DoorContract {

    @Bean
    FilterRegistrationBean<DoorFilter> doorFilter(GatewayKeys keys, RequestLog requestLog) {
        FilterRegistrationBean<DoorFilter> registration = new FilterRegistrationBean<>(new DoorFilter(keys, requestLog));
        registration.addUrlPatterns("/v1/*");
        registration.setName("doorFilter");
        // after the start gate, before the body limit: a caller without a key never has its body read
        registration.setOrder(DoorFilters.AUTHENTICATION_ORDER);
        return registration;
    }
}
