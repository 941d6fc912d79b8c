package io.llmgateway.server;

import org.apache.coyote.http11.Http11NioProtocol;

/**
 * Tomcat's NIO HTTP/1.1 connector minus the per-processor JMX bookkeeping.
 *
 * <p>Every request processor Tomcat builds is registered, and every one it drops is unregistered,
 * under one lock for the whole connector: an ObjectName is parsed, and the processor is added to or
 * removed (a linear search) from the global request statistics that only the JMX MBeans read. With
 * the MBean registry off (Spring Boot's default, server.tomcat.mbeanregistry.enabled) nothing reads
 * them. When 2,000 clients connect at once, their virtual threads queue on that lock before their
 * first request runs: a thread dump 12 s into such a burst still had 500+ of them waiting there.
 * Tomcat skips the bookkeeping when the protocol has no JMX domain; the connector's own names are
 * made in init() first, so the domain is cleared after it.
 */
public class UnregisteredHttp11NioProtocol extends Http11NioProtocol {

    @Override
    public void init() throws Exception {
        super.init();
        domain = null;
    }
}
