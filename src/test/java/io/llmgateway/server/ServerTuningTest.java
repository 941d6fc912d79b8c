package io.llmgateway.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmgateway.support.GatewayTestSupport;
import org.apache.coyote.AbstractProtocol;
import org.apache.coyote.ProtocolHandler;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.web.embedded.tomcat.TomcatWebServer;
import org.springframework.boot.web.servlet.context.ServletWebServerApplicationContext;

class ServerTuningTest extends GatewayTestSupport {

    @Autowired
    ServletWebServerApplicationContext context;

    @Test
    void theHttpPortKeepsEveryProcessorAndSkipsTomcatsPerProcessorJmxBookkeeping() {
        ProtocolHandler handler = ((TomcatWebServer) context.getWebServer()).getTomcat().getConnector().getProtocolHandler();

        assertThat(handler).isInstanceOf(UnregisteredHttp11NioProtocol.class);
        // no JMX domain: Tomcat neither registers nor unregisters processors under its connector-wide lock
        assertThat(((AbstractProtocol<?>) handler).getDomain()).isNull();
        // application.yaml: processors are reused whatever the number in flight (Tomcat's default keeps 200)
        assertThat(((AbstractProtocol<?>) handler).getProcessorCache()).isEqualTo(-1);
    }
}
