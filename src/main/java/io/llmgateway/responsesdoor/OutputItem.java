package io.llmgateway.responsesdoor;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.util.List;

/**
 * One output item of a Response, typed: an assistant message (with at most one part, output_text
 * or refusal) or a function_call. The stream's open item changes as deltas arrive (status,
 * arguments, its part), so the fields are not final. Written straight to a generator, in the
 * field order of OpenAI's objects.
 */
abstract sealed class OutputItem permits OutputItem.Message, OutputItem.FunctionCall {

    final String id;
    String status;

    private OutputItem(String id, String status) {
        this.id = id;
        this.status = status;
    }

    abstract void write(JsonGenerator g) throws IOException;

    /** type "message", role "assistant"; {@code partType} null while it has no part yet (a stream's open message). */
    static final class Message extends OutputItem {
        String partType;
        String text;

        Message(String status, String partType, String text) {
            super(ResponseIds.next("msg_"), status);
            this.partType = partType;
            this.text = text;
        }

        @Override
        void write(JsonGenerator g) throws IOException {
            g.writeStartObject();
            g.writeStringField("type", "message");
            g.writeStringField("id", id);
            g.writeStringField("status", status);
            g.writeStringField("role", "assistant");
            g.writeArrayFieldStart("content");
            if (partType != null) {
                writePart(g, partType, text);
            }
            g.writeEndArray();
            g.writeEndObject();
        }
    }

    static final class FunctionCall extends OutputItem {
        final String callId;
        final String name;
        String arguments;

        FunctionCall(String id, String callId, String name, String arguments, String status) {
            super(id, status);
            this.callId = callId;
            this.name = name;
            this.arguments = arguments;
        }

        @Override
        void write(JsonGenerator g) throws IOException {
            g.writeStartObject();
            g.writeStringField("type", "function_call");
            g.writeStringField("id", id);
            g.writeStringField("call_id", callId);
            g.writeStringField("name", name);
            g.writeStringField("arguments", arguments);
            g.writeStringField("status", status);
            g.writeEndObject();
        }
    }

    /** A content part: output_text (with its empty annotations and logprobs) or refusal. */
    static void writePart(JsonGenerator g, String type, String text) throws IOException {
        g.writeStartObject();
        if ("refusal".equals(type)) {
            g.writeStringField("type", "refusal");
            g.writeStringField("refusal", text);
        } else {
            g.writeStringField("type", "output_text");
            g.writeStringField("text", text);
            g.writeArrayFieldStart("annotations");
            g.writeEndArray();
            g.writeArrayFieldStart("logprobs");
            g.writeEndArray();
        }
        g.writeEndObject();
    }

    /** The SDKs' output_text: every output_text part of every message, concatenated. */
    static String outputText(List<OutputItem> output) {
        String only = null;
        StringBuilder text = null;
        for (OutputItem item : output) {
            if (item instanceof Message message && "output_text".equals(message.partType)) {
                if (only == null) {
                    only = message.text;
                } else {
                    if (text == null) {
                        text = new StringBuilder(only);
                    }
                    text.append(message.text);
                }
            }
        }
        return text != null ? text.toString() : only == null ? "" : only;
    }
}
