package io.llmgateway.kafka;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The Kafka door under {@code gateway.kafka:}. The door is off until bootstrap servers are set,
 * so the embedded default run needs no broker. The routes read the same keys as placeholders.
 */
@ConfigurationProperties("gateway.kafka")
public class KafkaDoorProperties {

    /** host:port list; empty (the default) keeps the Kafka door off. */
    private String bootstrapServers = "";
    private String requestTopic = "llm.requests";
    private String replyTopic = "llm.responses";
    private String dlqTopic = "llm.requests.dlq";
    private String groupId = "llm-gateway";
    /** Consumer threads in this instance; more instances in the same group share the partitions. */
    private int consumers = 1;
    /** Records per poll: each is answered before the next poll, so keep it small for slow models. */
    private int maxPollRecords = 10;

    public boolean isEnabled() { return bootstrapServers != null && !bootstrapServers.isBlank(); }

    public String getBootstrapServers() { return bootstrapServers; }
    public void setBootstrapServers(String bootstrapServers) { this.bootstrapServers = bootstrapServers; }
    public String getRequestTopic() { return requestTopic; }
    public void setRequestTopic(String requestTopic) { this.requestTopic = requestTopic; }
    public String getReplyTopic() { return replyTopic; }
    public void setReplyTopic(String replyTopic) { this.replyTopic = replyTopic; }
    public String getDlqTopic() { return dlqTopic; }
    public void setDlqTopic(String dlqTopic) { this.dlqTopic = dlqTopic; }
    public String getGroupId() { return groupId; }
    public void setGroupId(String groupId) { this.groupId = groupId; }
    public int getConsumers() { return consumers; }
    public void setConsumers(int consumers) { this.consumers = consumers; }
    public int getMaxPollRecords() { return maxPollRecords; }
    public void setMaxPollRecords(int maxPollRecords) { this.maxPollRecords = maxPollRecords; }
}
