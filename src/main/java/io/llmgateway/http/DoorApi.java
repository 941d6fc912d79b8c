package io.llmgateway.http;

/**
 * Which API a /v1 path belongs to: a closed set, so it can name log fields and metric tags without a
 * caller's path growing them. Each answers its errors in its own caller's format ({@link #anthropicErrors()},
 * the one place that decides it for the door filter and every servlet-level refusal).
 */
public enum DoorApi {
    CHAT("chat"), RESPONSES("responses"), MESSAGES("messages"), EMBEDDINGS("embeddings"), MODELS("models"),
    BATCHES("batches"), WEBSOCKET("websocket"), OTHER("other");

    private final String label;

    DoorApi(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    /** The door tag: the WebSocket is a door of its own, every other path is the HTTP door. */
    public String door() {
        return this == WEBSOCKET ? "websocket" : "http";
    }

    /** Anthropic's SDKs parse Anthropic's error shape; everyone else gets OpenAI's. */
    public boolean anthropicErrors() {
        return this == MESSAGES;
    }

    /** The API of a path (without the context path). */
    public static DoorApi of(String path) {
        if (path == null || !path.startsWith("/v1/")) {
            return OTHER;
        }
        String rest = path.substring(4);
        if (rest.equals("chat/completions")) {
            return CHAT;
        }
        if (rest.equals("messages") || rest.startsWith("messages/")) {
            return MESSAGES;
        }
        if (rest.equals("responses") || rest.startsWith("responses/")) {
            return RESPONSES;
        }
        if (rest.equals("embeddings")) {
            return EMBEDDINGS;
        }
        if (rest.equals("models") || rest.startsWith("models/")) {
            return MODELS;
        }
        if (rest.equals("batches") || rest.startsWith("batches/")) {
            return BATCHES;
        }
        if (rest.equals("ws/chat")) {
            return WEBSOCKET;
        }
        return OTHER;
    }
}
