package io.llmgateway.support;

import org.springframework.test.context.TestPropertySource;

/**
 * The gateway with gateway keys configured (so it is closed), on top of the fake providers.
 * One shared context for every test that needs keys.
 */
@TestPropertySource(properties = {
        // one file door per inbox: the shared context already watches it
        "gateway.batch.enabled=false",
        "gateway.admin-key=" + GatewayKeysTestSupport.ADMIN_KEY,
        "gateway.keys.team-a.key=" + GatewayKeysTestSupport.TEAM_A_KEY,
        "gateway.keys.team-a.models=gpt-4o-mini,mock-gpt",
        // the hex SHA-256 of HASHED_KEY: the configuration holds no secret
        "gateway.keys.hashed.key-sha256=46c9081b6f635b5802dd65e411efbe6e103264d748dab4a8b1102bca54fc632c",
        "gateway.keys.mock-only.key=" + GatewayKeysTestSupport.MOCK_ONLY_KEY,
        "gateway.keys.mock-only.models=mock-gpt",
        "gateway.keys.rpm.key=" + GatewayKeysTestSupport.RPM_KEY,
        "gateway.keys.rpm.requests-per-minute=2",
        "gateway.keys.tpm.key=" + GatewayKeysTestSupport.TPM_KEY,
        "gateway.keys.tpm.tokens-per-minute=40",
        "gateway.keys.budget.key=" + GatewayKeysTestSupport.BUDGET_KEY,
        "gateway.keys.budget.budget-usd=0.00001",
        "gateway.keys.budget.budget-period=day",
        "gateway.keys.capped.key=" + GatewayKeysTestSupport.CAPPED_KEY,
        "gateway.keys.capped.max-tokens=100",
        "gateway.keys.capped.max-messages=3",
        "gateway.keys.unset.key=",
        "gateway.keys.metered.key=" + GatewayKeysTestSupport.METERED_KEY,
        "gateway.keys.metered.requests-per-minute=10",
        "gateway.keys.metered.tokens-per-minute=1000",
        "gateway.keys.stream-tpm.key=" + GatewayKeysTestSupport.STREAM_TPM_KEY,
        "gateway.keys.stream-tpm.tokens-per-minute=100",
        "gateway.keys.stream-budget.key=" + GatewayKeysTestSupport.STREAM_BUDGET_KEY,
        "gateway.keys.stream-budget.budget-usd=0.00005",
        "gateway.keys.stream-budget.budget-period=day",
        "gateway.keys.long-prompt.key=" + GatewayKeysTestSupport.LONG_PROMPT_KEY,
        "gateway.keys.long-prompt.tokens-per-minute=10000000",
        "gateway.keys.long-prompt.budget-usd=1000",
        "gateway.keys.long-prompt.budget-period=day",
        // DoorContractTest: a socket runs at most two chats at once
        "gateway.websocket.max-in-flight=2",
})
public abstract class GatewayKeysTestSupport extends GatewayTestSupport {

    public static final String ADMIN_KEY = "gk-admin-5d8e2f71a9";
    public static final String TEAM_A_KEY = "gk-team-a-0f3b9c1d2e";
    public static final String HASHED_KEY = "gk-hashed-7e1a5b90c4";
    public static final String MOCK_ONLY_KEY = "gk-mock-only-3c6d9e";
    public static final String RPM_KEY = "gk-rpm-81f2a4c7";
    public static final String TPM_KEY = "gk-tpm-2b9d5e13";
    public static final String BUDGET_KEY = "gk-budget-6a0c3f88";
    public static final String CAPPED_KEY = "gk-capped-94e7b1d2";
    public static final String METERED_KEY = "gk-metered-5f3a07c1";
    public static final String STREAM_TPM_KEY = "gk-stream-tpm-c41e8d20";
    public static final String STREAM_BUDGET_KEY = "gk-stream-budget-7b2f9a61";
    public static final String LONG_PROMPT_KEY = "gk-long-prompt-e5d17c38";

    /** Every secret configured in either test context: none may ever reach a log line. */
    public static final java.util.List<String> SECRETS = java.util.List.of(FAKE_OPENAI_KEY, "dead-key-not-used",
            ADMIN_KEY, TEAM_A_KEY, HASHED_KEY, MOCK_ONLY_KEY, RPM_KEY, TPM_KEY, BUDGET_KEY, CAPPED_KEY, METERED_KEY,
            STREAM_TPM_KEY, STREAM_BUDGET_KEY, LONG_PROMPT_KEY);

    protected static java.util.Map<String, String> bearer(String key) {
        return java.util.Map.of("Authorization", "Bearer " + key);
    }
}
