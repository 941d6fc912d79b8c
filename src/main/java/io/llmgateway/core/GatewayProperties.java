package io.llmgateway.core;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/** The operator's configuration under {@code gateway:} in application.yaml. */
@ConfigurationProperties("gateway")
public class GatewayProperties {

    private Map<String, Provider> providers = new LinkedHashMap<>();
    private List<Model> models = new ArrayList<>();
    private DataSize maxBodySize = DataSize.ofMegabytes(4);

    public Map<String, Provider> getProviders() { return providers; }
    public void setProviders(Map<String, Provider> providers) { this.providers = providers; }
    public List<Model> getModels() { return models; }
    public void setModels(List<Model> models) { this.models = models; }
    public DataSize getMaxBodySize() { return maxBodySize; }
    public void setMaxBodySize(DataSize maxBodySize) { this.maxBodySize = maxBodySize; }

    /** One upstream: a vendor account, a local server, or the built-in mock. */
    public static class Provider {
        private String kind;
        private String baseUrl;
        private String apiKey;
        private Duration timeout = Duration.ofSeconds(60);
        private Duration connectTimeout = Duration.ofSeconds(10);
        /** Streaming: the longest silence between two reads (headers or events) before the stream fails; default: timeout. */
        private Duration stallTimeout;
        private int maxConnections = 500;
        /** Connections to one host; 0 = the same as max-connections. */
        private int maxConnectionsPerHost;
        private boolean enabled = true;
        private Boolean requiresApiKey;
        /** Streaming: the longest event (SSE event, NDJSON line) read from this provider; a longer one ends the stream with 502. */
        private DataSize maxEventSize = DataSize.ofMegabytes(1);
        /** Only for kind mock: a fixed delay before answering, for demos and benchmarks. */
        private Duration latency = Duration.ZERO;
        private BreakerSettings breaker = new BreakerSettings();
        private LimitSettings limits = new LimitSettings();
        private RetrySettings retry = new RetrySettings();
        /** anthropic: the anthropic-version header; azure-openai: the default api-version query parameter. */
        private String apiVersion;
        /** Output limit sent when neither the caller nor the model's defaults set one (Anthropic requires it). */
        private int defaultMaxTokens = 4096;
        /** bedrock: the AWS region; unset = the standard AWS region chain (AWS_REGION, profile, ...). */
        private String region;
        /** ollama: how long the model stays loaded after a call (Ollama's keep_alive, e.g. 5m); unset = server default. */
        private String keepAlive;
        /** ollama: list the server's local models (/api/tags) in /v1/models as <provider-id>/<model>, callable by that name. */
        private boolean listModels;
        /** Embeddings: most inputs per upstream call; larger lists are split and sent in parallel (default per kind). */
        private Integer embeddingBatchSize;
        /** Extra parameters for this provider's route template (for integrators' own templates). */
        private Map<String, String> templateParameters = new LinkedHashMap<>();

        public String getKind() { return kind; }
        public void setKind(String kind) { this.kind = kind; }
        public String getBaseUrl() { return baseUrl; }
        public void setBaseUrl(String baseUrl) { this.baseUrl = baseUrl; }
        public String getApiKey() { return apiKey; }
        public void setApiKey(String apiKey) { this.apiKey = apiKey; }
        public Duration getTimeout() { return timeout; }
        public void setTimeout(Duration timeout) { this.timeout = timeout; }
        public Duration getConnectTimeout() { return connectTimeout; }
        public void setConnectTimeout(Duration connectTimeout) { this.connectTimeout = connectTimeout; }
        public Duration getStallTimeout() { return stallTimeout != null ? stallTimeout : timeout; }
        public void setStallTimeout(Duration stallTimeout) { this.stallTimeout = stallTimeout; }
        public int getMaxConnections() { return maxConnections; }
        public void setMaxConnections(int maxConnections) { this.maxConnections = maxConnections; }
        public int getMaxConnectionsPerHost() { return maxConnectionsPerHost > 0 ? maxConnectionsPerHost : maxConnections; }
        public void setMaxConnectionsPerHost(int maxConnectionsPerHost) { this.maxConnectionsPerHost = maxConnectionsPerHost; }
        public boolean isEnabled() { return enabled; }
        public void setEnabled(boolean enabled) { this.enabled = enabled; }
        public Duration getLatency() { return latency; }
        public void setLatency(Duration latency) { this.latency = latency; }
        /** Whether the provider stays off until an API key is set: by default every kind but mock, bedrock (AWS credentials) and ollama (no keys). */
        public boolean isRequiresApiKey() {
            return requiresApiKey != null ? requiresApiKey : !"mock".equals(kind) && !"bedrock".equals(kind) && !"ollama".equals(kind);
        }
        public void setRequiresApiKey(Boolean requiresApiKey) { this.requiresApiKey = requiresApiKey; }
        public DataSize getMaxEventSize() { return maxEventSize; }
        public void setMaxEventSize(DataSize maxEventSize) { this.maxEventSize = maxEventSize; }
        public boolean hasApiKey() { return apiKey != null && !apiKey.isBlank(); }
        public BreakerSettings getBreaker() { return breaker; }
        public void setBreaker(BreakerSettings breaker) { this.breaker = breaker; }
        public LimitSettings getLimits() { return limits; }
        public void setLimits(LimitSettings limits) { this.limits = limits; }
        public RetrySettings getRetry() { return retry; }
        public void setRetry(RetrySettings retry) { this.retry = retry; }
        public String getApiVersion() { return apiVersion; }
        public void setApiVersion(String apiVersion) { this.apiVersion = apiVersion; }
        public int getDefaultMaxTokens() { return defaultMaxTokens; }
        public void setDefaultMaxTokens(int defaultMaxTokens) { this.defaultMaxTokens = defaultMaxTokens; }
        public String getRegion() { return region; }
        public void setRegion(String region) { this.region = region; }
        public String getKeepAlive() { return keepAlive; }
        public void setKeepAlive(String keepAlive) { this.keepAlive = keepAlive; }
        public boolean isListModels() { return listModels; }
        public void setListModels(boolean listModels) { this.listModels = listModels; }
        public Integer getEmbeddingBatchSize() { return embeddingBatchSize; }
        public void setEmbeddingBatchSize(Integer embeddingBatchSize) { this.embeddingBatchSize = embeddingBatchSize; }
        public Map<String, String> getTemplateParameters() { return templateParameters; }
        public void setTemplateParameters(Map<String, String> templateParameters) { this.templateParameters = templateParameters; }
    }

    /** A model name clients ask for, mapped to a provider and its upstream model name. */
    public static class Model {
        private String name;
        private String provider;
        private String model;
        private String systemPrompt;
        private SystemPromptMode systemPromptMode = SystemPromptMode.PREPEND;
        private Map<String, Object> defaults = new LinkedHashMap<>();
        /** This alias's response-cache strategy and TTL (unset: gateway.cache defaults). */
        private CachePolicy cache;
        /** Gateway tools (routes/tools/, by name) offered to the model on every request to this alias. */
        private List<String> tools = new ArrayList<>();
        /** Several deployments of this alias (two keys, two regions), picked by weight; replaces provider/model. */
        private List<Deployment> deployments = new ArrayList<>();
        /** Model names tried in order when this one fails with a retryable error. */
        private List<String> fallbacks = new ArrayList<>();
        /** Largest prompt in tokens; 0 = unknown (no context-window routing). */
        private int contextWindow;
        /** What the model can take: vision, tools. Empty = unknown, assumed capable. */
        private List<String> capabilities = new ArrayList<>();
        /** azure-openai: the Azure deployment name (unset: the upstream model name). Not to be confused with deployments. */
        private String deployment;
        /** azure-openai: api-version for this model (defaults to the provider's). */
        private String apiVersion;
        /** USD per 1M tokens (input, output, cached-input); no pricing means cost unknown. */
        private io.llmgateway.core.Pricing pricing;

        public String getName() { return name; }
        public void setName(String name) { this.name = name; }
        public String getProvider() { return provider; }
        public void setProvider(String provider) { this.provider = provider; }
        public String getModel() { return model != null ? model : name; }
        public void setModel(String model) { this.model = model; }
        public String getSystemPrompt() { return systemPrompt; }
        public void setSystemPrompt(String systemPrompt) { this.systemPrompt = systemPrompt; }
        public SystemPromptMode getSystemPromptMode() { return systemPromptMode; }
        public void setSystemPromptMode(SystemPromptMode systemPromptMode) { this.systemPromptMode = systemPromptMode; }
        public Map<String, Object> getDefaults() { return defaults; }
        public void setDefaults(Map<String, Object> defaults) { this.defaults = defaults; }
        public CachePolicy getCache() { return cache; }
        public void setCache(CachePolicy cache) { this.cache = cache; }
        public List<String> getTools() { return tools; }
        public void setTools(List<String> tools) { this.tools = tools; }
        public List<Deployment> getDeployments() { return deployments; }
        public void setDeployments(List<Deployment> deployments) { this.deployments = deployments; }
        public List<String> getFallbacks() { return fallbacks; }
        public void setFallbacks(List<String> fallbacks) { this.fallbacks = fallbacks; }
        public int getContextWindow() { return contextWindow; }
        public void setContextWindow(int contextWindow) { this.contextWindow = contextWindow; }
        public List<String> getCapabilities() { return capabilities; }
        public void setCapabilities(List<String> capabilities) { this.capabilities = capabilities; }
        public boolean can(String capability) { return capabilities.isEmpty() || capabilities.contains(capability); }
        public String getDeployment() { return deployment; }
        public void setDeployment(String deployment) { this.deployment = deployment; }
        public String getApiVersion() { return apiVersion; }
        public void setApiVersion(String apiVersion) { this.apiVersion = apiVersion; }
        public io.llmgateway.core.Pricing getPricing() { return pricing; }
        public void setPricing(io.llmgateway.core.Pricing pricing) { this.pricing = pricing; }

        /** Where this alias is served: its deployments, or the single provider/model pair. */
        public List<Deployment> targets() {
            if (!deployments.isEmpty()) {
                return deployments;
            }
            return List.of(new Deployment(provider, getModel(), 1));
        }
    }

    /** One place an alias is served: a provider, the upstream model name there, and its share of traffic. */
    public static class Deployment {
        private String provider;
        private String model;
        private int weight = 1;

        public Deployment() {
        }

        public Deployment(String provider, String model, int weight) {
            this.provider = provider;
            this.model = model;
            this.weight = weight;
        }

        public String getProvider() { return provider; }
        public void setProvider(String provider) { this.provider = provider; }
        public String getModel() { return model; }
        public void setModel(String model) { this.model = model; }
        public int getWeight() { return weight; }
        public void setWeight(int weight) { this.weight = weight; }
    }

    /** How an alias's system prompt meets the caller's own system message. */
    public enum SystemPromptMode {
        /** A separate system message placed before everything the caller sent. */
        PREPEND,
        /** Joined into the caller's first system message (or added when there is none). */
        MERGE
    }
}
