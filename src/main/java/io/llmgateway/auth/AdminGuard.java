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
 * The web console (/admin/ui) signs in once and then rides on its session (ConsoleSession): a
 * request without key headers is let in on a signed-in session, and changes state only with the
 * session's CSRF token. Its entry page and login form are open: they hold no data.
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
            if (isProbe(request.getRequestURI()) || isConsoleEntry(request)) {
                chain.doFilter(request, response);
                return;
            }
            if (request.getHeader("Authorization") == null && request.getHeader("x-api-key") == null
                    && ConsoleSession.signedIn(request, keys)) {
                if (ConsoleSession.csrfSafe(request)) {
                    chain.doFilter(request, response);
                } else {
                    refuse(response, new GatewayException(403, "invalid_request_error", "csrf_token_invalid", null,
                            "A console call that changes state needs the session's " + ConsoleSession.CSRF_HEADER
                                    + " header and this gateway's own Origin."));
                }
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
            refuse(response, refusal);
        }

        private static void refuse(HttpServletResponse response, GatewayException refusal) throws IOException {
            response.setStatus(refusal.status());
            response.setContentType("application/json");
            response.getOutputStream().write(Json.write(OpenAiError.of(refusal)));
        }

        /** The console's page (login form or app shell, the controller decides) and its login post. */
        static boolean isConsoleEntry(HttpServletRequest request) {
            String path = request.getRequestURI();
            return switch (request.getMethod()) {
                case "GET", "HEAD" -> path.equals("/admin/ui") || path.equals("/admin/ui/");
                case "POST" -> path.equals("/admin/ui/login");
                default -> false;
            };
        }

        /** What a load balancer or Kubernetes probes without a key. */
        static boolean isProbe(String path) {
            return path.equals("/actuator/health/liveness") || path.equals("/actuator/health/readiness");
        }
    }
}
