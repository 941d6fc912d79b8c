package io.llmgateway.http;

import io.llmgateway.core.GatewayProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

/**
 * The servlet filters in front of the API doors, and their order. Filters run before
 * camel-platform-http reads (and buffers) a body, which is why these checks live here and not in
 * a route step.
 */
@Configuration(proxyBeanMethods = false)
public class DoorFilters {

    /** 503 + Retry-After while the routes are not up yet: needs nothing from the request, so first. */
    public static final int START_GATE_ORDER = Ordered.HIGHEST_PRECEDENCE + 5;
    /**
     * The gateway-key check (door/DoorFilter, registered by door/DoorContract): before the body limit,
     * so a caller without a valid key is refused without a byte of its body being read.
     */
    public static final int AUTHENTICATION_ORDER = Ordered.HIGHEST_PRECEDENCE + 10;
    /** gateway.max-body-size on the stream, before anything buffers the body. */
    public static final int BODY_LIMIT_ORDER = Ordered.HIGHEST_PRECEDENCE + 20;

    /** A bean of its own: it listens for the application's start. */
    @Bean
    StartGate startGate() {
        return new StartGate();
    }

    @Bean
    FilterRegistrationBean<StartGate> startGateFilter(StartGate gate) {
        FilterRegistrationBean<StartGate> registration = new FilterRegistrationBean<>(gate);
        registration.addUrlPatterns("/v1/*", "/admin/*");
        registration.setName("startGate");
        registration.setOrder(START_GATE_ORDER);
        return registration;
    }

    @Bean
    FilterRegistrationBean<BodyLimitFilter> bodyLimitFilter(GatewayProperties properties) {
        FilterRegistrationBean<BodyLimitFilter> registration =
                new FilterRegistrationBean<>(new BodyLimitFilter(properties.getMaxBodySize().toBytes()));
        registration.addUrlPatterns("/v1/*");
        registration.setName("bodyLimit");
        registration.setOrder(BODY_LIMIT_ORDER);
        return registration;
    }
}
