package io.llmgateway.core;

/**
 * Every exchange property the gateway's routes and beans use, in one place: the request's state as
 * it travels from a door through the pipeline to the reply. Each line says who sets it and who
 * reads it (Java classes by package/Class, route files by name). Routes read them as
 * {@code ${exchangeProperty.<name>}}; Java reads them through these constants, which the owning
 * classes re-export under their own short names. A new property is added here first.
 */
public final class ExchangeProperties {

    // --- the door contract (door/Doors on direct:door-in; the WebSocket and batch doors as noted) ---

    /** Request id. Set: door/Doors, chat/RequestIds, kafka/KafkaDoor, batch/BatchDoor, tools/ToolCalls (per tool call). Read: the replies (http/OpenAiHttp, anthropicdoor/AnthropicHttp, websocket/WebSocketChat, batch/BatchDoor), usage/RequestLog, usage/UsageRecorder; http-door, anthropic-door, responses-door routes. */
    public static final String REQUEST_ID = "gatewayRequestId";
    /** The door (http, websocket, kafka, file). Set: door/Doors, websocket/ChatWebSocketHandler. Read: usage/RequestLog, stream/StreamBodies (time-to-first-chunk metric). */
    public static final String DOOR = "gatewayDoor";
    /** The API (chat, messages, responses, embeddings, ...). Set: door/Doors. Read: usage/RequestLog; http-door route (reply shape). */
    public static final String API = "gatewayApi";
    /** The authenticated gateway key's id (absent on an open gateway). Set: door/Doors, websocket/ChatWebSocketHandler. Read: auth/KeyPolicy, usage/RequestLog, usage/UsageRecorder. */
    public static final String KEY = "gatewayKey";
    /** The caller's tenant: the key's id, or on an open gateway a fingerprint of its credential. Set: door/Doors, websocket/ChatWebSocketHandler. Read: tenant/CallerTenants.of (cache/ResponseCache, responsesdoor, tools/ToolLoop), door/Doors, usage/RequestLog. */
    public static final String TENANT = "gatewayTenant";
    /** The servlet request an HTTP door came in on. Set and read: door/Doors. */
    public static final String SERVLET_REQUEST = "gatewayServletRequest";
    /** true on doors that can write a stream. Set: http-door, anthropic-door, responses-door, websocket-door routes. Read: chat/StreamRequests. */
    public static final String DOOR_STREAMS = "gatewayDoorStreams";

    // --- what the caller asked (chat/ChatRequestReader via chat/StreamRequests, once per request) ---

    /** true when the caller gets a stream. Set: chat/StreamRequests. Read: chat/StreamRequests; http-door, anthropic-door, responses-door routes. */
    public static final String STREAM = "gatewayStream";
    /** true when the provider call itself streams. Set: chat/StreamRequests, tools/ToolLoop (false: the loop reads answers whole). Read: chat/StreamRequests; providers route (provider-http's streaming branch). */
    public static final String STREAM_UPSTREAM = "gatewayStreamUpstream";
    /** true when the caller asked for the final usage chunk. Set: chat/StreamRequests. Read: stream/StreamBodies. */
    public static final String STREAM_INCLUDE_USAGE = "gatewayStreamIncludeUsage";
    /** The canonical request, kept while the body holds wire bytes or the answer. Set: chat-pipeline route (validate-request), provider/ProviderCalls, resilience/ProviderChain. Read: provider/ProviderCalls, resilience/ProviderChain, usage/UsageRecorder. */
    public static final String REQUEST = "gatewayRequest";
    /** Cache-Control / X-Gateway-Cache-Enabled as the cache reads them. Set and read: cache/CacheDirectives. */
    public static final String CACHE_DIRECTIVES = "gatewayCacheDirectives";

    // --- routing (routing/RoutingRules: facts for routes/routing-rules.camel.yaml, and its choice) ---

    /** The rule that chose the model. Set: routing/RoutingRules. Read: http-door route (x-gateway-rule). */
    public static final String RULE = "gatewayRule";
    /** Facts the routing rules test. Set: routing/RoutingRules. Read: routing-rules route, routing/RoutingRules. */
    public static final String HAS_IMAGES = "gatewayHasImages";
    /** See {@link #HAS_IMAGES}. */
    public static final String HAS_TOOLS = "gatewayHasTools";
    /** The prompt's jtokkit estimate. Set: routing/RoutingRules. Read: routing-rules route, routing/RoutingRules. */
    public static final String PROMPT_TOKENS = "gatewayPromptTokens";
    /** The prompt texts' token counts already made (one jtokkit pass per text). Set and read: usage/TokenCounter through usage/PromptCounts (routing, capability check, key limits and budget, usage estimate, the Anthropic door's message_start). */
    public static final String PROMPT_COUNTS = "gatewayPromptCounts";
    /** The last user message's task class. Set: routing/RoutingRules. Read: routing-rules route. */
    public static final String TASK_CLASS = "gatewayTaskClass";
    /** The last user message's text, for keyword rules. Set: routing/RoutingRules. Read: routing-rules route. */
    public static final String USER_TEXT = "gatewayUserText";
    /** true when the caller asked for "auto". Set: routing/RoutingRules. Read: routing-rules route, routing/RoutingRules. */
    public static final String AUTO_ROUTED = "gatewayAutoRouted";
    /** Candidate models from the routing tables. Set: routing/RoutingRules. Read: routing-rules route. */
    public static final String TENANT_MODEL = "gatewayTenantModel";
    /** See {@link #TENANT_MODEL}. */
    public static final String COST_TIER_MODEL = "gatewayCostTierModel";
    /** See {@link #TENANT_MODEL}. */
    public static final String TASK_MODEL = "gatewayTaskModel";
    /** What the chosen model declares. Set: routing/RoutingRules. Read: routing-rules route (the capability choice). */
    public static final String MODEL_VISION = "gatewayModelVision";
    /** See {@link #MODEL_VISION}. */
    public static final String MODEL_TOOLS = "gatewayModelTools";
    /** See {@link #MODEL_VISION}. */
    public static final String MODEL_WINDOW = "gatewayModelWindow";

    // --- the model and provider (catalog/ModelCatalog resolves them; the fallback chain moves them) ---

    /** The model alias. Set: catalog/ModelCatalog, resilience/ProviderChain (fallbacks). Read: almost every step (key policy, enrichment, capabilities, cache, adapters, usage, replies). */
    public static final String MODEL = "gatewayModel";
    /** The provider id. Set: catalog/ModelCatalog, resilience/ProviderChain, cache/ResponseCache (hit), provider/ollama/OllamaAdmin. Read: the provider routes (direct:provider-guard-${...}), adapters, usage, replies, embeddings. */
    public static final String PROVIDER = "gatewayProvider";
    /** The provider's model name. Set: catalog/ModelCatalog, resilience/ProviderChain. Read: provider adapters (provider/Target), auth/KeyPolicy, embeddings/EmbeddingBatches, usage. */
    public static final String UPSTREAM_MODEL = "gatewayUpstreamModel";

    // --- the key's policy and usage (auth/KeyPolicy on apply-key-policy, usage/UsageRecorder on record-usage) ---

    /** The budget reserved before the call. Set: auth/KeyPolicy. Read: auth/KeyPolicy, usage/RequestLog (released at the end). */
    public static final String BUDGET_RESERVATION = "gatewayBudgetReservation";
    /** The request's admission by the limits shared in Redis (redis/SharedKeyLimits.Admission), until charged or released. Set and read: auth/KeyPolicy. */
    public static final String SHARED_ADMISSION = "gatewaySharedAdmission";
    /** The request's tokens (usage/TokenUsage). Set: usage/UsageRecorder. Read: usage/RequestLog, responsesdoor/ResponsesHttp. */
    public static final String USAGE = "gatewayUsage";
    /** Its cost in USD, as text. Set: usage/UsageRecorder. Read: usage/RequestLog; http-door route (x-gateway-cost-usd). */
    public static final String COST_USD = "gatewayCostUsd";
    /** "true" when the tokens were counted by the gateway. Set: usage/UsageRecorder. Read: http-door route (x-gateway-usage-estimated). */
    public static final String USAGE_ESTIMATED = "gatewayUsageEstimated";
    /** true once the key was charged. Set: usage/UsageRecorder. Read: usage/RequestLog. */
    public static final String CHARGED = "gatewayCharged";
    /** A stream whose usage is recorded when it ends. Set: usage/UsageRecorder. Read: usage/RequestLog. */
    public static final String USAGE_PENDING_STREAM = "gatewayUsagePendingStream";
    /** When the request entered (System.nanoTime). Set: usage/UpstreamTimer. Read: usage/RequestLog, stream/StreamBodies. */
    public static final String START_NANOS = "gatewayStartNanos";
    /** Time spent in provider calls. Set and read: usage/UpstreamTimer; read: usage/RequestLog. */
    public static final String UPSTREAM_NANOS = "gatewayUpstreamNanos";
    /** Number of provider calls. Set and read: usage/UpstreamTimer; read: usage/RequestLog. */
    public static final String UPSTREAM_CALLS = "gatewayUpstreamCalls";

    // --- the response cache (cache/ResponseCache on cache-lookup and cache-store) ---

    /** hit, miss or bypass. Set: cache/ResponseCache. Read: http-door route (x-gateway-cache). */
    public static final String CACHE_RESULT = "gatewayCache";
    /** true on a hit. Set: cache/ResponseCache. Read: chat-pipeline route, usage/UsageRecorder, usage/RequestLog. */
    public static final String CACHE_HIT = "gatewayCacheHit";
    /** Seconds since the kept answer was made. Set: cache/ResponseCache. Read: http-door route (Age). */
    public static final String CACHE_AGE = "gatewayCacheAge";
    /** The lookup's key, for the store step. Set and read: cache/ResponseCache. */
    public static final String CACHE_KEY = "gatewayCacheKey";
    /** The alias's cache lifetime, for the store step. Set and read: cache/ResponseCache. */
    public static final String CACHE_TTL = "gatewayCacheTtl";
    /** true when the alias's answers are also kept in Redis (gateway.redis.url, cache.shared). Set and read: cache/ResponseCache. */
    public static final String CACHE_SHARED = "gatewayCacheShared";

    // --- the fallback chain and the provider guard (resilience/) ---

    /** The candidates left. Set and read: resilience/ProviderChain. */
    public static final String CHAIN = "gatewayChain";
    /** Every attempt and its outcome. Set: resilience/ProviderChain. Read: kafka/KafkaDoor; http-door route (x-gateway-attempts). */
    public static final String ATTEMPTS = "gatewayAttempts";
    /** true while the chain's loop goes on. Set: resilience/ProviderChain. Read: chat-pipeline route (call-provider). */
    public static final String CHAIN_ACTIVE = "gatewayChainActive";
    /** The wait before a retry. Set: resilience/ProviderChain. Read: chat-pipeline route (call-provider's delay). */
    public static final String RETRY_DELAY_MILLIS = "gatewayRetryDelayMillis";
    /** The bulkhead permit a call holds. Set and read: resilience/ProviderLimits. */
    public static final String BULKHEAD_PERMIT = "gatewayBulkheadPermit";
    /** When the throttle admitted the call. Set: resilience/ProviderLimits, resilience/ProviderChain. Read: resilience/ProviderChain. */
    public static final String ADMITTED_AT = "gatewayAdmittedAt";
    /** The vendor's rate-limit headers from the last answer (Map). Set: provider/ProviderCalls. Read by no Java step (ProviderCalls.retryAfter reads the headers): for integrators' routes. */
    public static final String RATE_LIMIT_HINTS = "gatewayRateLimitHints";

    // --- the tool loop (tools/ToolLoop on call-provider-with-tools) ---

    /** The loop's state. Set and read: tools/ToolLoop. */
    public static final String TOOL_LOOP = "gatewayToolLoop";
    /** Gateway tools that ran. Set: tools/ToolLoop. Read: tool-loop route, http-door route (x-gateway-tools). */
    public static final String TOOLS_RUN = "gatewayToolsRun";
    /** true while the loop goes on. Set: tools/ToolLoop. Read: tool-loop route. */
    public static final String TOOL_LOOP_ACTIVE = "gatewayToolLoopActive";
    /** true when an answer asked for gateway tools. Set: tools/ToolLoop. Read: tool-loop route. */
    public static final String TOOLS_PENDING = "gatewayToolsPending";
    /** The http-get tool's settings and state. Set: routes/tools/http-get.camel.yaml. Read: tools/builtin/HttpGetTool. */
    public static final String TOOL_ALLOWED_HOSTS = "toolAllowedHosts";
    /** See {@link #TOOL_ALLOWED_HOSTS}. */
    public static final String TOOL_MAX_REDIRECTS = "toolMaxRedirects";
    /** See {@link #TOOL_ALLOWED_HOSTS}. */
    public static final String TOOL_MAX_BYTES = "toolMaxBytes";
    /** See {@link #TOOL_ALLOWED_HOSTS}; also read by the http-get route's redirect loop. */
    public static final String TOOL_HTTP_GET = "toolHttpGet";

    // --- the doors' own state ---

    /** The Responses door's draft of the Response. Set: responsesdoor/ResponsesRequests. Read: responsesdoor/ResponsesHttp. */
    public static final String RESPONSE_DRAFT = "gatewayResponseDraft";
    /** The record's key, value, reply topic, commit handle and start. Set and read: kafka/KafkaDoor. */
    public static final String KAFKA_KEY = "gatewayKafkaKey";
    /** See {@link #KAFKA_KEY}. */
    public static final String KAFKA_VALUE = "gatewayKafkaValue";
    /** See {@link #KAFKA_KEY}. */
    public static final String KAFKA_REPLY_TO = "gatewayKafkaReplyTo";
    /** See {@link #KAFKA_KEY}. */
    public static final String KAFKA_COMMIT = "gatewayKafkaCommit";
    /** See {@link #KAFKA_KEY}. */
    public static final String KAFKA_STARTED = "gatewayKafkaStarted";
    /** The batch file's job and the current line. Set and read: batch/BatchDoor. */
    public static final String BATCH_JOB = "gatewayBatchJob";
    /** See {@link #BATCH_JOB}. */
    public static final String BATCH_LINE = "gatewayBatchLine";
    /** The socket to answer on. Set: websocket/ChatWebSocketHandler. Read: websocket/WebSocketChat. */
    public static final String WEBSOCKET_SESSION = "gatewayWebSocketSession";
    /** The frame's id, echoed on every answer frame. Set: websocket/ChatWebSocketHandler. Read: websocket/WebSocketChat. */
    public static final String WEBSOCKET_FRAME_ID = "gatewayWebSocketFrameId";

    // --- embeddings and operator calls ---

    /** The whole embeddings request and the provider's batch size. Set and read: embeddings/EmbeddingBatches. */
    public static final String EMBEDDING_REQUEST = "gatewayEmbeddingRequest";
    /** See {@link #EMBEDDING_REQUEST}. */
    public static final String EMBEDDING_BATCH_SIZE = "gatewayEmbeddingBatchSize";
    /** One batch's request while the body holds wire bytes. Set and read: provider/EmbeddingWireAdapter. */
    public static final String EMBEDDING_BATCH = "gatewayEmbeddingBatch";
    /** An Ollama operator call: action, model, keep-alive. Set and read: provider/ollama/OllamaAdmin. */
    public static final String ADMIN_ACTION = "gatewayAdminAction";
    /** See {@link #ADMIN_ACTION}. */
    public static final String ADMIN_MODEL = "gatewayAdminModel";
    /** See {@link #ADMIN_ACTION}. */
    public static final String ADMIN_KEEP_ALIVE = "gatewayAdminKeepAlive";

    private ExchangeProperties() {
    }
}
