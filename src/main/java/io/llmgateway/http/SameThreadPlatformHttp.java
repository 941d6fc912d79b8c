package io.llmgateway.http;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.CompletableFuture;
import org.apache.camel.AsyncCallback;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangePattern;
import org.apache.camel.Message;
import org.apache.camel.Processor;
import org.apache.camel.component.platform.http.PlatformHttpEndpoint;
import org.apache.camel.component.platform.http.spi.PlatformHttpConsumer;
import org.apache.camel.component.platform.http.spi.PlatformHttpEngine;
import org.apache.camel.component.platform.http.springboot.PlatformHttpMessage;
import org.apache.camel.component.platform.http.springboot.SpringBootPlatformHttpBinding;
import org.apache.camel.component.platform.http.springboot.SpringBootPlatformHttpConstants;
import org.apache.camel.component.platform.http.springboot.SpringBootPlatformHttpConsumer;
import org.apache.camel.http.common.HttpBinding;
import org.apache.camel.http.common.HttpConverter;
import org.apache.camel.http.common.HttpHelper;
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
                // request before the reader turns it back into bytes. (The consumer below reads them
                // once, into one array: see BodyBytesBinding.)
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

    /**
     * Reads the request body once, into one array of its length. camel-platform-http's binding copies
     * it into a stream cache (a buffer grown by doubling, so a 400 KB prompt passes through arrays of
     * 4 KB to 512 KB), and the first step reading the body copied it out again: for an agent's
     * 100k-token prompt that was three copies of the body before it was parsed. Here the body is a
     * {@code byte[]}, which Camel has no stream-cache conversion for, so it stays as read; every step
     * takes bytes ({@code chat/RequestBodies}) and reads them as often as it likes. Forms and multipart
     * bodies (no route here takes them) keep Camel's way. The limits still hold: BodyLimitFilter has
     * refused a Content-Length over gateway.max-body-size before this, and counts chunked or compressed
     * bodies as they are read here.
     */
    static final class BodyBytesBinding extends SpringBootPlatformHttpBinding {

        BodyBytesBinding(PlatformHttpEndpoint endpoint) {
            setHeaderFilterStrategy(endpoint.getHeaderFilterStrategy());
            setMuteException(endpoint.isMuteException());
            setFileNameExtWhitelist(endpoint.getFileNameExtWhitelist());
            setUseReaderForPayload(false);
        }

        @Override
        public Object parseBody(HttpServletRequest request, Message message) throws IOException {
            String type = request.getContentType();
            if (type != null && (type.startsWith("multipart/") || type.startsWith("application/x-www-form-urlencoded"))) {
                return super.parseBody(request, message);
            }
            int length = request.getContentLength();
            if (length == 0) {
                return null;
            }
            InputStream in = HttpConverter.toInputStream(request, message.getExchange());
            return length > 0 ? in.readNBytes(length) : in.readAllBytes();
        }
    }

    /**
     * The starter's message, whose init also asks the type converter for a StreamCache of the body:
     * for the byte[] {@link BodyBytesBinding} reads there is none, and Camel looks that miss up
     * again on every request (JFR: 5% of the bytes a stream allocated, 1.6% of its CPU). Stream
     * caching is off, so the step is left out; the rest of init is the starter's.
     */
    static final class DoorMessage extends PlatformHttpMessage {

        DoorMessage(HttpServletRequest request, HttpServletResponse response, Exchange exchange, HttpBinding binding) {
            super(request, response, exchange, binding, false);
        }

        @Override
        public void init(Exchange exchange, HttpBinding binding, HttpServletRequest request, HttpServletResponse response) {
            setExchange(exchange);
            exchange.setIn(this);
            setHeader(Exchange.HTTP_SERVLET_REQUEST, request);
            setHeader(Exchange.HTTP_SERVLET_RESPONSE, response);
            if (Boolean.TRUE.equals(exchange.getProperty(Exchange.SKIP_WWW_FORM_URLENCODED, Boolean.class))) {
                setHeader(Exchange.SKIP_WWW_FORM_URLENCODED, Boolean.TRUE);
            }
            binding.readRequest(request, this);
        }
    }

    /** The starter's consumer, minus the hand-off: Spring MVC treats a null future as "response written". */
    static final class Consumer extends SpringBootPlatformHttpConsumer {

        private static final Logger LOG = LoggerFactory.getLogger(Consumer.class);

        private final HttpBinding bodyBytes;

        Consumer(PlatformHttpEndpoint endpoint, Processor processor) {
            super(endpoint, processor, Runnable::run);
            this.bodyBytes = new BodyBytesBinding(endpoint);
        }

        /**
         * The starter's handleService, with the body read by {@link BodyBytesBinding}; the answer is
         * written by the starter's own binding as before. A route with the cookie handler (none here)
         * takes the starter's way whole.
         */
        @Override
        protected void handleService(HttpServletRequest request, HttpServletResponse response) throws Exception {
            if (isSuspended() || getEndpoint().isUseCookieHandler()) {
                super.handleService(request, response);
                return;
            }
            Exchange exchange = createExchange(true);
            exchange.setPattern(ExchangePattern.InOut);
            HttpHelper.setCharsetFromContentType(request.getContentType(), exchange);
            DoorMessage msg = new DoorMessage(request, response, exchange, bodyBytes);
            exchange.setIn(msg);
            msg.init(exchange, bodyBytes, request, response);
            exchange.getIn().setHeader(SpringBootPlatformHttpConstants.CONTEXT_PATH, getEndpoint().getPath());
            try {
                createUoW(exchange);
            } catch (Exception e) {
                throw new ServletException(e);
            }
            try {
                getProcessor().process(exchange);
            } catch (Exception e) {
                exchange.setException(e);
            } finally {
                afterProcess(response, exchange);
            }
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
