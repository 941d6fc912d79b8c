package io.llmgateway.auth;

import io.llmgateway.chat.Json;
import io.llmgateway.error.GatewayException;
import io.llmgateway.error.OpenAiError;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Guards every path under /admin with the admin key, in front of all routes (whichever routes/*.yaml
 * file adds an admin endpoint, it cannot forget the check). Open only while the whole gateway runs
 * open (no gateway keys, no admin key); with gateway keys but no admin key, admin is off (403).
 * The actuator is guarded the same way: its metrics and health details name keys, spend and the
 * provider layout. Only the liveness and readiness probes stay open, and they show no details.
 */
@Configuration(proxyBeanMethods = false)
public class AdminGuard {

    @Bean
    FilterRegistrationBean<OncePerRequestFilter> adminKeyFilter(GatewayKeys keys) {
        FilterRegistrationBean<OncePerRequestFilter> registration = new FilterRegistrationBean<>(new Filter(keys));
        registration.addUrlPatterns("/admin", "/admin/*", "/actuator", "/actuator/*");
        registration.setName("adminKeyFilter");
        return registration;
    }

    static final class Filter extends OncePerRequestFilter {
        private final GatewayKeys keys;

        Filter(GatewayKeys keys) {
            this.keys = keys;
        }

        @Override
        protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                throws ServletException, IOException {
            if (isProbe(request.getRequestURI())) {
                chain.doFilter(request, response);
                return;
            }
            GatewayException refusal = switch (keys.adminAccess(request.getHeader("Authorization"), request.getHeader("x-api-key"))) {
                case OPEN, GRANTED -> null;
                case MISSING -> new GatewayException(401, "invalid_request_error", "missing_api_key", null,
                        "The admin API and the actuator need the admin key as 'Authorization: Bearer <admin-key>' or 'x-api-key'.");
                case DENIED -> new GatewayException(401, "invalid_request_error", "invalid_api_key", null,
                        "Incorrect admin key provided.");
                case DISABLED -> new GatewayException(403, "invalid_request_error", "admin_disabled", null,
                        "The admin API is off: gateway keys are configured but gateway.admin-key is not.");
            };
            if (refusal == null) {
                chain.doFilter(request, response);
                return;
            }
            response.setStatus(refusal.status());
            response.setContentType("application/json");
            response.getOutputStream().write(Json.write(OpenAiError.of(refusal)));
        }

        /** What a load balancer or Kubernetes probes without a key. */
        static boolean isProbe(String path) {
            return path.equals("/actuator/health/liveness") || path.equals("/actuator/health/readiness");
        }
    }
}
