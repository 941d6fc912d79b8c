package io.llmgateway.door;

import io.llmgateway.auth.GatewayKeys;
import io.llmgateway.chat.RequestIds;
import io.llmgateway.error.GatewayException;
import io.llmgateway.http.DoorApi;
import io.llmgateway.http.DoorErrors;
import io.llmgateway.usage.RequestLog;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The HTTP half of the door contract, in front of every route under /v1 (and the WebSocket handshake,
 * which is a GET on /v1/ws/chat): a request id, the caller's key checked before a byte of the body is
 * read (401 in the caller's format), and exactly one request log line and metric sample per request.
 * A route that serves the request records it itself ({@code direct:door-out}, with model, tokens and
 * cost); whatever no route recorded (refusals, unknown paths, a route that forgot) is recorded here.
 */
final class DoorFilter extends OncePerRequestFilter {

    private static final Logger LOG = LoggerFactory.getLogger(DoorFilter.class);

    private final GatewayKeys keys;
    private final RequestLog requestLog;

    DoorFilter(GatewayKeys keys, RequestLog requestLog) {
        this.keys = keys;
        this.requestLog = requestLog;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        long start = System.nanoTime();
        DoorApi api = DoorApi.of(request.getRequestURI());
        String requestId = RequestIds.safeOrNew(request.getHeader("X-Request-Id"));
        request.setAttribute(DoorRequest.START_NANOS, start);
        request.setAttribute(DoorRequest.REQUEST_ID, requestId);
        request.setAttribute(DoorRequest.API, api);

        GatewayKeys.Caller caller;
        try {
            caller = keys.identify(Credentials.presented(request, api));
        } catch (GatewayException refusal) {
            // recorded before the answer goes: whoever reads the answer finds its line already written
            requestLog.recordAtDoor(api.door(), api.label(), requestId, null, refusal.status(), System.nanoTime() - start);
            // the body stays unread: Tomcat drops the connection rather than swallow a large one
            response.setHeader(api.anthropicErrors() ? "request-id" : "x-request-id", requestId);
            DoorErrors.write(request, response, refusal);
            return;
        }
        request.setAttribute(DoorRequest.KEY, caller.key());
        request.setAttribute(DoorRequest.TENANT, caller.tenant());
        try {
            chain.doFilter(request, response);
        } finally {
            if (request.isAsyncStarted()) {
                request.getAsyncContext().addListener(new RecordWhenDone(request, response));
            } else {
                recordIfUnrecorded(request, response);
            }
        }
    }

    private void recordIfUnrecorded(HttpServletRequest request, HttpServletResponse response) {
        if (request.getAttribute(DoorRequest.RECORDED) != null
                || response.getStatus() == HttpServletResponse.SC_SWITCHING_PROTOCOLS) {
            return; // recorded by its route; a WebSocket records each chat on the socket instead
        }
        DoorApi api = (DoorApi) request.getAttribute(DoorRequest.API);
        if (request.getAttribute(DoorRequest.ENTERED) != null) {
            LOG.warn("Route for {} {} ran direct:door-in but not direct:door-out; recorded by the door filter",
                    request.getMethod(), api.label());
        }
        // the tenant is the key's id once a key authenticated, else the open gateway's caller fingerprint
        requestLog.recordAtDoor(api.door(), api.label(), (String) request.getAttribute(DoorRequest.REQUEST_ID),
                (String) request.getAttribute(DoorRequest.TENANT), response.getStatus(),
                System.nanoTime() - (Long) request.getAttribute(DoorRequest.START_NANOS));
    }

    /** Platform threads: the route answers on an async request, so the check waits for its end. */
    private final class RecordWhenDone implements AsyncListener {
        private final HttpServletRequest request;
        private final HttpServletResponse response;

        RecordWhenDone(HttpServletRequest request, HttpServletResponse response) {
            this.request = request;
            this.response = response;
        }

        @Override
        public void onComplete(AsyncEvent event) {
            recordIfUnrecorded(request, response);
        }

        @Override
        public void onTimeout(AsyncEvent event) {
        }

        @Override
        public void onError(AsyncEvent event) {
        }

        @Override
        public void onStartAsync(AsyncEvent event) {
        }
    }
}
