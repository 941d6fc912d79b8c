package io.llmgateway.usage;

import io.llmgateway.core.ExchangeProperties;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.spi.CamelEvent;
import org.apache.camel.spring.boot.CamelContextConfiguration;
import org.apache.camel.support.EventNotifierSupport;
import org.springframework.stereotype.Component;

/**
 * Measures where time goes without a step in every route: when a door's exchange is created it
 * notes the start, and the provider chain (resilience.ProviderChain) adds each attempt that reached
 * a provider to the request's upstream time and attempt count. Gateway overhead is then total minus
 * upstream, whatever retries or fallbacks the pipeline does in between. (This notifier used to time
 * every send to direct:provider-call-* itself; Camel then built two events for each of the ~20
 * sends of a request, about 2% of its CPU, to time the one the chain already times.)
 */
@Component
public class UpstreamTimer extends EventNotifierSupport {

    public UpstreamTimer() {
        setIgnoreCamelContextEvents(true);
        setIgnoreRouteEvents(true);
        setIgnoreServiceEvents(true);
        setIgnoreStepEvents(true);
        setIgnoreExchangeSendingEvents(true);
        setIgnoreExchangeSentEvents(true);
        setIgnoreExchangeCompletedEvent(true);
        setIgnoreExchangeFailedEvents(true);
        setIgnoreExchangeRedeliveryEvents(true);
        setIgnoreExchangeAsyncProcessingStartedEvents(true);
    }

    /** Registered explicitly: camel-spring-boot did not pick the bean up as an event notifier by itself. */
    @Component
    static class Registration implements CamelContextConfiguration {
        private final UpstreamTimer timer;

        Registration(UpstreamTimer timer) {
            this.timer = timer;
        }

        @Override
        public void beforeApplicationStart(CamelContext camelContext) {
            if (!camelContext.getManagementStrategy().getEventNotifiers().contains(timer)) {
                camelContext.getManagementStrategy().addEventNotifier(timer);
            }
        }

        @Override
        public void afterApplicationStart(CamelContext camelContext) {
        }
    }

    @Override
    public void notify(CamelEvent event) {
        if (event instanceof CamelEvent.ExchangeCreatedEvent created) {
            Exchange exchange = created.getExchange();
            // A copy keeps the start of the request it copies: the circuit breaker's working copy is
            // "created" again as it enters the provider route, and its properties are copied back.
            if (exchange.getProperty(ExchangeProperties.START_NANOS) == null) {
                start(exchange);
            }
        }
    }

    /** The request's clock starts now: for a door that makes requests of its own out of one exchange (batch lines). */
    public static void start(Exchange exchange) {
        exchange.setProperty(ExchangeProperties.START_NANOS, System.nanoTime());
    }

    /** One attempt that reached a provider, and how long it took. */
    public static void addUpstream(Exchange exchange, long nanos) {
        exchange.setProperty(ExchangeProperties.UPSTREAM_NANOS, exchange.getProperty(ExchangeProperties.UPSTREAM_NANOS, 0L, Long.class) + nanos);
        exchange.setProperty(ExchangeProperties.UPSTREAM_CALLS, exchange.getProperty(ExchangeProperties.UPSTREAM_CALLS, 0, Integer.class) + 1);
    }
}
