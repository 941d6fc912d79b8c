package io.llmgateway.http;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.concurrent.CompletableFuture;
import org.apache.camel.AsyncCallback;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangePattern;
import org.apache.camel.Processor;
import org.apache.camel.component.platform.http.PlatformHttpEndpoint;
import org.apache.camel.component.platform.http.spi.PlatformHttpConsumer;
import org.apache.camel.component.platform.http.spi.PlatformHttpEngine;
import org.apache.camel.component.platform.http.springboot.SpringBootPlatformHttpConsumer;
import org.apache.camel.support.processor.DelegateAsyncProcessor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnThreading;
import org.springframework.boot.autoconfigure.thread.Threading;
import org.springframework.boot.autoconfigure.web.ServerProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Runs platform-http routes on the servlet request's own (virtual) thread.
 *
 * <p>camel-platform-http-starter answers every request with a CompletableFuture run on another
 * executor, which makes each request a Servlet async request: Spring MVC dispatches it twice
 * (filters, DispatcherServlet, handler mapping, the observation filter) and hands it between two
 * threads. With virtual threads on, Tomcat's request thread is already cheap to block, so the
 * route runs right there and the handler returns no future: one dispatch. The starter's own engine
 * stands aside for this bean (it is {@code @ConditionalOnMissingBean}); with platform threads the
 * starter's executor is kept, so a slow provider cannot tie up Tomcat's pool.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnThreading(Threading.VIRTUAL)
public class SameThreadPlatformHttp {

    @Bean(name = "platform-http-engine")
    PlatformHttpEngine sameThreadPlatformHttpEngine(ServerProperties server) {
        int port = server.getPort() == null ? 8080 : server.getPort();
        return new PlatformHttpEngine() {
            @Override
            public PlatformHttpConsumer createConsumer(PlatformHttpEndpoint endpoint, Processor processor) {
                // The body as bytes: the default, a Reader, costs a char decode and an 8 KB buffer per
                // request before the reader turns it back into bytes. (camel-platform-http still copies
                // the bytes into a stream cache first: PlatformHttpMessage.init does that for any stream.)
                endpoint.setUseStreaming(true);
                // the executor is never used: service() below does not hand off
                return new Consumer(endpoint, new OneWayExchange(processor));
            }

            @Override
            public int getServerPort() {
                return port;
            }
        };
    }

    /**
     * Runs the route with the exchange pattern InOnly. The answer is written from the exchange's
     * message either way, but on an InOut exchange every bean step that returns a value creates an
     * OUT message with a copy of all headers, and each route copies it back at its end: about 5% of
     * what a request allocates, for nothing.
     */
    static final class OneWayExchange extends DelegateAsyncProcessor {
        OneWayExchange(Processor processor) {
            super(processor);
        }

        @Override
        public boolean process(Exchange exchange, AsyncCallback callback) {
            exchange.setPattern(ExchangePattern.InOnly);
            return super.process(exchange, callback);
        }
    }

    /** The starter's consumer, minus the hand-off: Spring MVC treats a null future as "response written". */
    static final class Consumer extends SpringBootPlatformHttpConsumer {

        private static final Logger LOG = LoggerFactory.getLogger(Consumer.class);

        Consumer(PlatformHttpEndpoint endpoint, Processor processor) {
            super(endpoint, processor, Runnable::run);
        }

        @Override
        public CompletableFuture<Void> service(HttpServletRequest request, HttpServletResponse response) {
            try {
                handleService(request, response);
            } catch (Exception e) {
                if (refusedBody(e)) {
                    // the body limit has already answered the caller (413 or 400): nothing failed here
                    LOG.debug("request body refused: {}", e.getMessage());
                    return null;
                }
                // as the starter does: never leak the exception to the container
                LOG.warn("Error handling request due to: {}", e.getMessage(), e);
                if (!response.isCommitted()) {
                    try {
                        response.sendError(HttpServletResponse.SC_INTERNAL_SERVER_ERROR);
                    } catch (Exception ignored) {
                        // the client has gone
                    }
                }
            }
            return null;
        }

        private static boolean refusedBody(Throwable e) {
            for (Throwable t = e; t != null; t = t.getCause()) {
                if (t instanceof LimitedBody.Refused) {
                    return true;
                }
            }
            return false;
        }
    }
}
