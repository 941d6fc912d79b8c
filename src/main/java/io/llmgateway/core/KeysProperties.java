package io.llmgateway.core;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Gateway API keys ("virtual keys") and the admin key, under {@code gateway.keys} and
 * {@code gateway.admin-key}. Each key is given as its value (best from the environment) or as the
 * hex SHA-256 of its value, so application.yaml need not hold a secret. With no key entry at all
 * the gateway runs open, which the shipped configuration only allows on localhost.
 */
@ConfigurationProperties("gateway")
public class KeysProperties {

    private Map<String, Key> keys = new LinkedHashMap<>();
    private String adminKey;
    private String adminKeySha256;

    public Map<String, Key> getKeys() { return keys; }
    public void setKeys(Map<String, Key> keys) { this.keys = keys; }
    public String getAdminKey() { return adminKey; }
    public void setAdminKey(String adminKey) { this.adminKey = adminKey; }
    public String getAdminKeySha256() { return adminKeySha256; }
    public void setAdminKeySha256(String adminKeySha256) { this.adminKeySha256 = adminKeySha256; }

    /** One caller's key and what it may do. Every limit is off when not set. */
    public static class Key {
        private String key;
        private String keySha256;
        /** Model names (aliases) this key may use; empty means all. */
        private List<String> models = new ArrayList<>();
        private Integer requestsPerMinute;
        private Integer tokensPerMinute;
        private BigDecimal budgetUsd;
        private BudgetPeriod budgetPeriod = BudgetPeriod.MONTH;
        /** Ceiling for max_tokens / max_completion_tokens; also applied when the caller sets none. */
        private Integer maxTokens;
        private Integer maxMessages;

        public String getKey() { return key; }
        public void setKey(String key) { this.key = key; }
        public String getKeySha256() { return keySha256; }
        public void setKeySha256(String keySha256) { this.keySha256 = keySha256; }
        public List<String> getModels() { return models; }
        public void setModels(List<String> models) { this.models = models; }
        public Integer getRequestsPerMinute() { return requestsPerMinute; }
        public void setRequestsPerMinute(Integer requestsPerMinute) { this.requestsPerMinute = requestsPerMinute; }
        public Integer getTokensPerMinute() { return tokensPerMinute; }
        public void setTokensPerMinute(Integer tokensPerMinute) { this.tokensPerMinute = tokensPerMinute; }
        public BigDecimal getBudgetUsd() { return budgetUsd; }
        public void setBudgetUsd(BigDecimal budgetUsd) { this.budgetUsd = budgetUsd; }
        public BudgetPeriod getBudgetPeriod() { return budgetPeriod; }
        public void setBudgetPeriod(BudgetPeriod budgetPeriod) { this.budgetPeriod = budgetPeriod; }
        public Integer getMaxTokens() { return maxTokens; }
        public void setMaxTokens(Integer maxTokens) { this.maxTokens = maxTokens; }
        public Integer getMaxMessages() { return maxMessages; }
        public void setMaxMessages(Integer maxMessages) { this.maxMessages = maxMessages; }

        @Override
        public String toString() {
            return "Key[models=" + models + "]"; // never the value
        }
    }

    /** The window a budget covers, in UTC calendar terms. */
    public enum BudgetPeriod { DAY, MONTH }
}
