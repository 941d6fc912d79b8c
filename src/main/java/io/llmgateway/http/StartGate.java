package io.llmgateway.http;

import io.llmgateway.error.GatewayException;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Duration;
import org.springframework.boot.context.event.ApplicationStartedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Tomcat accepts connections before Camel has started the routes, and until then every API path
 * would be "unknown" (404, which clients and load balancers take as final). Until the application
 * has started, this answers 503 with Retry-After instead; afterwards it costs one volatile read.
 */
public final class StartGate extends OncePerRequestFilter implements ApplicationListener<ApplicationStartedEvent> {

    private volatile boolean open;

    /** Published once the context has refreshed, so after every route is started. */
    @Override
    public void onApplicationEvent(ApplicationStartedEvent event) {
        open = true;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (open) {
            chain.doFilter(request, response);
            return;
        }
        DoorErrors.write(request, response, new GatewayException(503, "server_error", "starting", null,
                "The gateway is starting; try again in a moment.").withRetryAfter(Duration.ofSeconds(1)));
    }
}
