package io.llmgateway.tools;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * Gateway-side tools under {@code gateway.tools:}. Which model aliases get which tools is set on
 * the model entry ({@code gateway.models[].tools}); the tools themselves are routes in routes/tools/.
 */
@ConfigurationProperties("gateway.tools")
public class ToolProperties {

    /** Most model calls in one tool loop; a model still asking for gateway tools after that gets a clear error. */
    private int maxIterations = 5;
    /** Longest a tool may run before its result becomes "timed out" for the model. */
    private Duration timeout = Duration.ofSeconds(10);
    /** Per-tool overrides of {@link #timeout}, by tool name. */
    private Map<String, Duration> timeouts = new LinkedHashMap<>();
    /** Threads of the gateway-tool-calls pool the split EIP runs tool calls on (per gateway, shared by all requests). */
    private int parallelism = 16;
    /** Longer tool results are cut to this size before they go to the model. */
    private DataSize maxResultSize = DataSize.ofKilobytes(16);
    /** How long the gateway's results of a mixed answer wait for the client's follow-up request. */
    private Duration pendingTtl = Duration.ofMinutes(15);
    private Knowledge knowledge = new Knowledge();
    private HttpGet httpGet = new HttpGet();

    public int getMaxIterations() { return maxIterations; }
    public void setMaxIterations(int maxIterations) { this.maxIterations = maxIterations; }
    public Duration getTimeout() { return timeout; }
    public void setTimeout(Duration timeout) { this.timeout = timeout; }
    public Map<String, Duration> getTimeouts() { return timeouts; }
    public void setTimeouts(Map<String, Duration> timeouts) { this.timeouts = timeouts; }
    public int getParallelism() { return parallelism; }
    public void setParallelism(int parallelism) { this.parallelism = parallelism; }
    public DataSize getMaxResultSize() { return maxResultSize; }
    public void setMaxResultSize(DataSize maxResultSize) { this.maxResultSize = maxResultSize; }
    public Duration getPendingTtl() { return pendingTtl; }
    public void setPendingTtl(Duration pendingTtl) { this.pendingTtl = pendingTtl; }
    public Knowledge getKnowledge() { return knowledge; }
    public void setKnowledge(Knowledge knowledge) { this.knowledge = knowledge; }
    public HttpGet getHttpGet() { return httpGet; }
    public void setHttpGet(HttpGet httpGet) { this.httpGet = httpGet; }

    public Duration timeoutFor(String tool) {
        return timeouts.getOrDefault(tool, timeout);
    }

    /** The knowledge-search tool's folder of documents. */
    public static class Knowledge {
        private String dir = "data/knowledge";
        private int maxResults = 3;

        public String getDir() { return dir; }
        public void setDir(String dir) { this.dir = dir; }
        public int getMaxResults() { return maxResults; }
        public void setMaxResults(int maxResults) { this.maxResults = maxResults; }
    }

    /** The shipped http-get tool instance (routes/tools/http-get.camel.yaml). */
    public static class HttpGet {
        /** Comma-separated host or host:port entries; nothing else may be fetched. Empty: every URL is refused. */
        private String allowedHosts = "";

        public String getAllowedHosts() { return allowedHosts; }
        public void setAllowedHosts(String allowedHosts) { this.allowedHosts = allowedHosts; }
    }
}
