package io.llmgateway.usage;

import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Token estimation settings under {@code gateway.usage}: the jtokkit encoding used when a
 * provider reports no usage, and before a call (context-window checks, per-key tokens per minute).
 */
@ConfigurationProperties("gateway.usage")
public class UsageProperties {

    /** Encoding for models jtokkit does not know and no prefix below matches. */
    private String encoding = "o200k_base";
    /** Upstream model name prefix -> encoding (cl100k_base, o200k_base, p50k_base, r50k_base); longest prefix wins. */
    private Map<String, String> encodings = new LinkedHashMap<>();
    /** One structured log line per request (logger io.llmgateway.requests). */
    private boolean logRequests = true;

    public String getEncoding() { return encoding; }
    public void setEncoding(String encoding) { this.encoding = encoding; }
    public Map<String, String> getEncodings() { return encodings; }
    public void setEncodings(Map<String, String> encodings) { this.encodings = encodings; }
    public boolean isLogRequests() { return logRequests; }
    public void setLogRequests(boolean logRequests) { this.logRequests = logRequests; }
}
