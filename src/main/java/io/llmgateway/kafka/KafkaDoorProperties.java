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

    /**
     * Topics a record's reply-to header may name besides reply-topic; an entry ending in '*' is a
     * prefix. Any other reply-to sends the record to the dead letter topic.
     */
    private java.util.List<String> replyTopics = new java.util.ArrayList<>();

    public java.util.List<String> getReplyTopics() { return replyTopics; }
    public void setReplyTopics(java.util.List<String> replyTopics) { this.replyTopics = replyTopics; }

    boolean allowsReplyTo(String topic) {
        if (topic.equals(replyTopic)) {
            return true;
        }
        for (String allowed : replyTopics) {
            boolean prefix = allowed.endsWith("*");
            if (prefix ? topic.startsWith(allowed.substring(0, allowed.length() - 1)) : topic.equals(allowed)) {
                return true;
            }
        }
        return false;
    }

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
