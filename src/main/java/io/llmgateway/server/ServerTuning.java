package io.llmgateway.server;

import org.springframework.boot.autoconfigure.web.ServerProperties;
import org.springframework.boot.web.embedded.tomcat.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.stereotype.Component;

/**
 * Runs the HTTP port on {@link UnregisteredHttp11NioProtocol} (see there why), unless the operator
 * turned Tomcat's MBean registry on (server.tomcat.mbeanregistry.enabled), which reads what it skips.
 */
@Component
public class ServerTuning implements WebServerFactoryCustomizer<TomcatServletWebServerFactory> {

    private final ServerProperties server;

    public ServerTuning(ServerProperties server) {
        this.server = server;
    }

    @Override
    public void customize(TomcatServletWebServerFactory factory) {
        if (!server.getTomcat().getMbeanregistry().isEnabled()) {
            factory.setProtocol(UnregisteredHttp11NioProtocol.class.getName());
        }
    }
}
