package io.llmgateway.routing;

import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Lookup tables for the routing rules in routes/routing-rules.camel.yaml ({@code gateway.routing}).
 * The rules' order and conditions live in the YAML; these only say which model each rule picks.
 */
@ConfigurationProperties("gateway.routing")
public class RoutingProperties {
    /** The model name that asks the gateway to choose (task class, cost tier). */
    private String autoModel = "auto";
    /** What {@code auto} becomes when no rule picks a model. */
    private String defaultModel;
    /** x-gateway-tenant header value -> model. */
    private Map<String, String> tenants = new LinkedHashMap<>();
    /** x-gateway-cost-tier header value (economy, premium, ...) -> model, for {@code auto}. */
    private Map<String, String> costTiers = new LinkedHashMap<>();
    /** Task class (code, analysis, creative, simple) -> model, for {@code auto}. */
    private Map<String, String> tasks = new LinkedHashMap<>();
    /** Task class -> regular expression over the last user message; checked in this order. */
    private Map<String, String> taskPatterns = defaultPatterns();
    /** A prompt of at most this many tokens that matched no other class is a simple question. */
    private int simpleMaxTokens = 30;

    private static Map<String, String> defaultPatterns() {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("code", "(?is).*(```|\\b(code|function|class|method|bug|stack ?trace|exception|compile|refactor|regex|sql|python|java(script)?|typescript|rust|golang)\\b).*");
        p.put("analysis", "(?is).*\\b(analy[sz]e|analysis|compare|evaluate|assess|pros and cons|trade-?offs?|explain why|root cause|summari[sz]e)\\b.*");
        p.put("creative", "(?is).*\\b(story|poem|haiku|song|lyrics|slogan|creative|imagine|fiction|brainstorm)\\b.*");
        return p;
    }

    public String getAutoModel() { return autoModel; }
    public void setAutoModel(String autoModel) { this.autoModel = autoModel; }
    public String getDefaultModel() { return defaultModel; }
    public void setDefaultModel(String defaultModel) { this.defaultModel = defaultModel; }
    public Map<String, String> getTenants() { return tenants; }
    public void setTenants(Map<String, String> tenants) { this.tenants = tenants; }
    public Map<String, String> getCostTiers() { return costTiers; }
    public void setCostTiers(Map<String, String> costTiers) { this.costTiers = costTiers; }
    public Map<String, String> getTasks() { return tasks; }
    public void setTasks(Map<String, String> tasks) { this.tasks = tasks; }
    public Map<String, String> getTaskPatterns() { return taskPatterns; }
    public void setTaskPatterns(Map<String, String> taskPatterns) { this.taskPatterns = taskPatterns; }
    public int getSimpleMaxTokens() { return simpleMaxTokens; }
    public void setSimpleMaxTokens(int simpleMaxTokens) { this.simpleMaxTokens = simpleMaxTokens; }
}
