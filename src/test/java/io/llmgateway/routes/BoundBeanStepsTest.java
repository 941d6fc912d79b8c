package io.llmgateway.routes;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Bean steps bound once behave as Camel's own bean steps: same calls, same failures, same fallbacks. */
class BoundBeanStepsTest {

    /** A bean as the routes use them: package-private class, public methods taking the exchange. */
    static class Probe {
        final List<String> calls = new ArrayList<>();

        public void touch(Exchange exchange) {
            calls.add("touch:" + exchange.getMessage().getBody(String.class));
            exchange.setProperty("touched", true);
        }

        public void acquire(Exchange exchange, String providerId) {
            calls.add("acquire:" + providerId);
        }

        public void refuse(Exchange exchange) {
            throw new IllegalArgumentException("refused " + exchange.getMessage().getBody(String.class));
        }

        public String answer(Exchange exchange) {
            return "answer to " + exchange.getMessage().getBody(String.class);
        }

        public String shout(String body) {
            return body.toUpperCase();
        }
    }

    private final Probe probe = new Probe();
    private CamelContext camel;
    private ProducerTemplate template;

    @BeforeEach
    void start() throws Exception {
        camel = new DefaultCamelContext();
        camel.getRegistry().bind("probe", probe);
        new BoundBeanSteps().beforeApplicationStart(camel);
        camel.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                onException(IllegalArgumentException.class).handled(true)
                        .setBody(simple("error: ${exception.message}"));
                from("direct:void").bean("probe", "touch").id("touch-step");
                from("direct:constant").bean("probe", "acquire(*, 'openai')").id("acquire-step");
                from("direct:refuse").bean("probe", "refuse").setBody(constant("not reached"));
                from("direct:returns").bean("probe", "answer").id("answer-step");
                from("direct:binds-body").bean("probe", "shout");
            }
        });
        camel.start();
        template = camel.createProducerTemplate();
    }

    @AfterEach
    void stop() {
        camel.stop();
    }

    @Test
    void callsAVoidMethodWithTheExchange() {
        Exchange done = template.request("direct:void", e -> e.getMessage().setBody("hello"));

        assertThat(probe.calls).containsExactly("touch:hello");
        assertThat(done.getProperty("touched", Boolean.class)).isTrue();
        assertThat(done.getMessage().getBody(String.class)).isEqualTo("hello");
        assertThat(camel.getProcessor("touch-step").toString()).isEqualTo("bean[probe.touch]");
    }

    @Test
    void passesQuotedConstantsAfterTheExchange() {
        template.sendBody("direct:constant", "x");

        assertThat(probe.calls).containsExactly("acquire:openai");
        assertThat(camel.getProcessor("acquire-step").toString()).isEqualTo("bean[probe.acquire(*, 'openai')]");
    }

    @Test
    void aFailureGoesToTheRoutesErrorHandler() {
        assertThat(template.requestBody("direct:refuse", "this", String.class)).isEqualTo("error: refused this");
    }

    @Test
    void otherShapesKeepCamelsBinding() {
        assertThat(template.requestBody("direct:returns", "life", String.class)).isEqualTo("answer to life");
        assertThat(template.requestBody("direct:binds-body", "quiet", String.class)).isEqualTo("QUIET");
        assertThat(camel.getProcessor("answer-step").toString()).doesNotStartWith("bean[probe");
    }
}
