package io.llmgateway.chat;

import io.llmgateway.core.ExchangeProperties;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;
import org.apache.camel.Exchange;
import org.springframework.stereotype.Component;

/** Gives every request an id: the caller's X-Request-Id when it is safe to echo, a new one otherwise. */
@Component("requestIds")
public class RequestIds {

    private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9._:\\-]{1,128}");

    public void assign(Exchange exchange) {
        String given = exchange.getIn().getHeader("X-Request-Id", String.class);
        exchange.setProperty(ExchangeProperties.REQUEST_ID, safeOrNew(given));
    }

    /** The given id when it is safe to echo (letters, digits, . _ : -, at most 128), else a new one. */
    public static String safeOrNew(String given) {
        return given != null && SAFE.matcher(given).matches() ? given : newId();
    }

    /** 128 random bits as 32 hex digits. An id needs no secrecy: ThreadLocalRandom, not UUID's shared SecureRandom. */
    public static String newId() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        HexFormat hex = HexFormat.of();
        return "req_" + hex.toHexDigits(random.nextLong()) + hex.toHexDigits(random.nextLong());
    }
}
