package io.llmgateway.chat;

import java.util.UUID;
import java.util.regex.Pattern;
import org.apache.camel.Exchange;
import org.springframework.stereotype.Component;

/** Gives every request an id: the caller's X-Request-Id when it is safe to echo, a new one otherwise. */
@Component("requestIds")
public class RequestIds {

    public static final String PROPERTY = "gatewayRequestId";
    private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9._:\\-]{1,128}");

    public void assign(Exchange exchange) {
        String given = exchange.getIn().getHeader("X-Request-Id", String.class);
        String id = given != null && SAFE.matcher(given).matches() ? given : "req_" + UUID.randomUUID().toString().replace("-", "");
        exchange.setProperty(PROPERTY, id);
    }
}
