package io.llmgateway.door;

/** Servlet request attributes the door filter leaves for the route (door-in) and the route leaves for the filter. */
public final class DoorRequest {

    public static final String START_NANOS = "io.llmgateway.door.start";
    public static final String REQUEST_ID = "io.llmgateway.door.requestId";
    public static final String API = "io.llmgateway.door.api";
    /** The authenticated gateway key's id; absent while the gateway runs open. */
    public static final String KEY = "io.llmgateway.door.key";
    public static final String TENANT = "io.llmgateway.door.tenant";
    /** Set by door-in: a route took the request over. */
    public static final String ENTERED = "io.llmgateway.door.entered";
    /** Set by door-out (the request log): the request has its line, the filter writes none. */
    public static final String RECORDED = "io.llmgateway.door.recorded";

    private DoorRequest() {
    }
}
