package io.llmgateway.websocket;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/** gateway.websocket: what one socket may hold of the gateway. */
@ConfigurationProperties("gateway.websocket")
public class WebSocketProperties {

    /** Chats one socket may have running at once; a frame beyond gets an error frame (429), not a thread. */
    private int maxInFlight = 4;
    /** Largest text frame; a bigger one closes the socket with 1009 (message too big). */
    private DataSize maxFrameSize = DataSize.ofMegabytes(1);
    /** A socket with no frame either way for this long is closed. */
    private java.time.Duration idleTimeout = java.time.Duration.ofMinutes(5);

    public int getMaxInFlight() { return maxInFlight; }
    public void setMaxInFlight(int maxInFlight) { this.maxInFlight = maxInFlight; }
    public DataSize getMaxFrameSize() { return maxFrameSize; }
    public void setMaxFrameSize(DataSize maxFrameSize) { this.maxFrameSize = maxFrameSize; }
    public java.time.Duration getIdleTimeout() { return idleTimeout; }
    public void setIdleTimeout(java.time.Duration idleTimeout) { this.idleTimeout = idleTimeout; }
}
