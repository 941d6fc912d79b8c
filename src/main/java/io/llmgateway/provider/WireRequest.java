package io.llmgateway.provider;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One upstream HTTP request as an adapter builds it: the JSON body plus the per-request parts of
 * the address. The endpoint URI in the route template stays static per provider; {@code path} and
 * {@code query} travel as CamelHttpPath / CamelHttpQuery headers so the endpoint cache never churns.
 */
public final class WireRequest {

    private final Object body;
    private final String path;
    private final String query;
    private final Map<String, String> headers = new LinkedHashMap<>();

    public WireRequest(Object body, String path, String query) {
        this.body = body;
        this.path = path;
        this.query = query;
    }

    public WireRequest(Object body) {
        this(body, null, null);
    }

    /** Adds a header; a null value (a key that is not configured) is left out. */
    public WireRequest header(String name, String value) {
        if (value != null) {
            headers.put(name, value);
        }
        return this;
    }

    public Object body() { return body; }
    public String path() { return path; }
    public String query() { return query; }
    public Map<String, String> headers() { return headers; }
}
