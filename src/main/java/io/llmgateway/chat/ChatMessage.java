package io.llmgateway.chat;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.List;

/** One conversation turn. {@code content} is a string, an array of parts (text, image_url, ...), or null. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ChatMessage extends Extensible {
    public String role;
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public JsonNode content;
    public String name;
    @JsonProperty("tool_calls") public List<ToolCall> toolCalls;
    @JsonProperty("tool_call_id") public String toolCallId;

    public ChatMessage() {
    }

    public ChatMessage(String role, String text) {
        this.role = role;
        this.content = text == null ? null : TextNode.valueOf(text);
    }

    /** The text of this message: the string content, or its text parts joined by newlines. */
    public String text() {
        if (content == null || content.isNull()) {
            return "";
        }
        if (content.isTextual()) {
            return content.asText();
        }
        StringBuilder text = new StringBuilder();
        for (JsonNode part : content) {
            if ("text".equals(part.path("type").asText()) && part.hasNonNull("text")) {
                if (!text.isEmpty()) {
                    text.append('\n');
                }
                text.append(part.get("text").asText());
            }
        }
        return text.toString();
    }

    @JsonIgnore
    public boolean isSystem() {
        return "system".equals(role) || "developer".equals(role);
    }
}
