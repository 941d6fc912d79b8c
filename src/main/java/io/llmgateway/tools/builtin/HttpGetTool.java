package io.llmgateway.tools.builtin;

import io.llmgateway.core.ExchangeProperties;
import io.llmgateway.stream.UpstreamBody;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.camel.Exchange;
import org.springframework.stereotype.Component;

/**
 * The steps of the http-get tool template (routes/tools/http-get.camel.yaml). Only URLs on the
 * instance's allow-list are fetched, and a redirect is followed only when its target is on the
 * list too (HttpClient's own redirects are off), so the model cannot steer the gateway to an
 * internal address (SSRF).
 */
@Component("httpGetTool")
public class HttpGetTool {

    /** The fetch in progress, in exchange property {@code toolHttpGet}; the template loops while {@code next} is set. */
    public static class Fetch {
        private final Set<String> allowed;
        private final int maxRedirects;
        private final int maxBytes;
        private String next;
        private int redirects;

        Fetch(Set<String> allowed, int maxRedirects, int maxBytes) {
            this.allowed = allowed;
            this.maxRedirects = maxRedirects;
            this.maxBytes = maxBytes;
        }

        public String getNext() { return next; }
    }

    /** Checks the URL the model asked for against the allow-list ("host" or "host:port" entries, comma-separated). */
    public Fetch start(Map<String, Object> arguments, Exchange exchange) {
        String allowList = exchange.getProperty(ExchangeProperties.TOOL_ALLOWED_HOSTS, "", String.class);
        Set<String> allowed = Arrays.stream(allowList.split(","))
                .map(String::trim).filter(s -> !s.isEmpty()).map(s -> s.toLowerCase(Locale.ROOT))
                .collect(Collectors.toUnmodifiableSet());
        Fetch fetch = new Fetch(allowed, exchange.getProperty(ExchangeProperties.TOOL_MAX_REDIRECTS, 3, Integer.class),
                exchange.getProperty(ExchangeProperties.TOOL_MAX_BYTES, 65536, Integer.class));
        fetch.next = check(String.valueOf(arguments.get("url")), fetch).toString();
        return fetch;
    }

    /** After each response: follow an allowed redirect, or end with the response as the tool's result. */
    public Object received(Exchange exchange) {
        Fetch fetch = exchange.getProperty(ExchangeProperties.TOOL_HTTP_GET, Fetch.class);
        int status = exchange.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE, 0, Integer.class);
        String location = exchange.getMessage().getHeader("Location", String.class);
        URI current = URI.create(fetch.next);
        if (status >= 300 && status < 400 && location != null) {
            if (++fetch.redirects > fetch.maxRedirects) {
                throw new IllegalArgumentException("Too many redirects (more than " + fetch.maxRedirects + ")");
            }
            URI target;
            try {
                target = current.resolve(new URI(location.trim()));
            } catch (URISyntaxException e) {
                throw new IllegalArgumentException("The server redirected to an invalid URL");
            }
            fetch.next = check(target.toString(), fetch).toString();
            return null;
        }
        fetch.next = null;
        byte[] bytes = read(exchange, fetch.maxBytes);
        String text = new String(bytes, 0, Math.min(bytes.length, fetch.maxBytes), StandardCharsets.UTF_8);
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("url", current.toString());
        answer.put("status", status);
        answer.put("content_type", exchange.getMessage().getHeader(Exchange.CONTENT_TYPE, String.class));
        answer.put("body", bytes.length > fetch.maxBytes ? text + " [truncated]" : text);
        return answer;
    }

    /**
     * At most maxBytes + 1 bytes of the answer (one more shows it was cut). The endpoint hands over
     * the live stream (disableStreamCache), so a huge or endless answer is never read whole; the
     * connection is dropped instead of drained.
     */
    private static byte[] read(Exchange exchange, int maxBytes) {
        Object body = exchange.getMessage().getBody();
        if (!(body instanceof InputStream in)) {
            byte[] bytes = exchange.getMessage().getBody(byte[].class);
            return bytes == null ? new byte[0] : bytes;
        }
        UpstreamBody stream = new UpstreamBody(in);
        try {
            return stream.readNBytes(maxBytes + 1);
        } catch (IOException e) {
            throw new UncheckedIOException("The answer could not be read: " + e.getMessage(), e);
        } finally {
            stream.abort();
        }
    }

    private static URI check(String url, Fetch fetch) {
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("Not a valid URL: " + url);
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new IllegalArgumentException("Only http and https URLs can be fetched");
        }
        if (uri.getRawUserInfo() != null || uri.getHost() == null) {
            throw new IllegalArgumentException("URL must name a host and carry no credentials");
        }
        String host = uri.getHost().toLowerCase(Locale.ROOT);
        int port = uri.getPort() != -1 ? uri.getPort() : scheme.equals("https") ? 443 : 80;
        if (!fetch.allowed.contains(host) && !fetch.allowed.contains(host + ":" + port)) {
            throw new IllegalArgumentException("Host '" + host + (uri.getPort() != -1 ? ":" + port : "")
                    + "' is not on this tool's allow-list" + (fetch.allowed.isEmpty() ? " (the list is empty)" : ": " + String.join(", ", fetch.allowed.stream().sorted().toList())));
        }
        return uri.normalize();
    }
}
