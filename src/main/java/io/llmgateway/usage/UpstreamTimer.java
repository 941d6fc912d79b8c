package io.llmgateway.usage;

import org.apache.camel.spi.CamelEvent;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.spring.boot.CamelContextConfiguration;
import org.apache.camel.support.EventNotifierSupport;
import org.springframework.stereotype.Component;

/**
 * Measures where time goes without a step in every route: when a door's exchange is created it
 * notes the start, and every send to a provider route (direct:provider-call-*) adds its duration
 * to the request's upstream time and counts as one upstream attempt. Gateway overhead is then
 * total minus upstream, whatever retries or fallbacks the pipeline does in between.
 */
@Component
public class UpstreamTimer extends EventNotifierSupport {

    public static final String START_NANOS = "gatewayStartNanos";
    public static final String UPSTREAM_NANOS = "gatewayUpstreamNanos";
    public static final String UPSTREAM_CALLS = "gatewayUpstreamCalls";
    private static final String SENDING_NANOS = "gatewayUpstreamSendingNanos";
    private static final String PROVIDER_ROUTE = "direct://provider-call-";

    public UpstreamTimer() {
        setIgnoreCamelContextEvents(true);
        setIgnoreRouteEvents(true);
        setIgnoreServiceEvents(true);
        setIgnoreStepEvents(true);
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
            created.getExchange().setProperty(START_NANOS, System.nanoTime());
        } else if (event instanceof CamelEvent.ExchangeSendingEvent sending && isProvider(sending.getEndpoint().getEndpointUri())) {
            sending.getExchange().setProperty(SENDING_NANOS, System.nanoTime());
        } else if (event instanceof CamelEvent.ExchangeSentEvent sent && isProvider(sent.getEndpoint().getEndpointUri())) {
            Exchange exchange = sent.getExchange();
            Long began = exchange.getProperty(SENDING_NANOS, Long.class);
            if (began != null) {
                long took = System.nanoTime() - began;
                exchange.setProperty(UPSTREAM_NANOS, exchange.getProperty(UPSTREAM_NANOS, 0L, Long.class) + took);
                exchange.setProperty(UPSTREAM_CALLS, exchange.getProperty(UPSTREAM_CALLS, 0, Integer.class) + 1);
                exchange.removeProperty(SENDING_NANOS);
            }
        }
    }

    private static boolean isProvider(String uri) {
        return uri != null && uri.startsWith(PROVIDER_ROUTE);
    }
}
