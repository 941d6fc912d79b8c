package io.llmgateway.responsesdoor;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmgateway.chat.Json;
import io.llmgateway.chat.ToolCall;
import io.llmgateway.error.GatewayException;
import io.llmgateway.stream.ChatChunk;
import io.llmgateway.stream.ChatStream;
import io.llmgateway.stream.StreamEncoder;
import io.llmgateway.usage.TokenUsage;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Canonical chunks -> the Responses API's typed event stream: response.created,
 * response.in_progress, then per output item output_item.added, (content_part.added,
 * output_text.delta..., output_text.done, content_part.done | function_call_arguments.delta...,
 * .done), output_item.done, and at the end response.completed (or response.incomplete) with the
 * whole Response. Every event carries sequence_number. A failure is response.failed followed by
 * an error event, never response.completed. One encoder per stream: it keeps the items' state.
 */
final class ResponsesEventEncoder implements StreamEncoder {

    private final ResponseDraft draft;
    private final Supplier<TokenUsage> recordedUsage;
    private final Consumer<ObjectNode> onDone;
    private final ArrayNode output = Json.MAPPER.createArrayNode();
    private int sequence;
    private boolean started;
    /** The open output item (a message or a function_call) and what it has gathered so far. */
    private ObjectNode open;
    private String openPart;
    private int openToolIndex = -1;
    private final StringBuilder gathered = new StringBuilder();
    private String finishReason;

    ResponsesEventEncoder(ResponseDraft draft, Supplier<TokenUsage> recordedUsage, Consumer<ObjectNode> onDone) {
        this.draft = draft;
        this.recordedUsage = recordedUsage;
        this.onDone = onDone;
    }

    @Override
    public void chunk(ChatChunk chunk, ChatStream stream, ByteArrayOutputStream out) {
        start(out);
        ChatChunk.Delta delta = chunk.delta();
        if (delta != null) {
            if (delta.content != null && !delta.content.isEmpty()) {
                text(out, "output_text", delta.content);
            }
            if (delta.refusal != null && !delta.refusal.isEmpty()) {
                text(out, "refusal", delta.refusal);
            }
            if (delta.toolCalls != null) {
                for (ToolCall call : delta.toolCalls) {
                    toolCall(out, call);
                }
            }
        }
        if (chunk.finishReason() != null) {
            finishReason = chunk.finishReason();
        }
    }

    private void start(ByteArrayOutputStream out) {
        if (started) {
            return;
        }
        started = true;
        // one copy for both events: each is written out before anything changes it
        ObjectNode inProgress = draft.skeleton("in_progress");
        write(out, event("response.created").set("response", inProgress));
        write(out, event("response.in_progress").set("response", inProgress));
    }

    private void text(ByteArrayOutputStream out, String partType, String fragment) {
        if (open == null || !"message".equals(open.path("type").asText()) || !partType.equals(openPart)) {
            close(out);
            open = ResponseObjects.message("in_progress");
            openPart = partType;
            added(out);
            ObjectNode part = itemEvent("response.content_part.added").put("content_index", 0);
            part.set("part", part(""));
            write(out, part);
        }
        gathered.append(fragment);
        String type = "output_text".equals(partType) ? "response.output_text.delta" : "response.refusal.delta";
        ObjectNode delta = itemEvent(type).put("content_index", 0).put("delta", fragment);
        if ("output_text".equals(partType)) {
            delta.putArray("logprobs");
        }
        write(out, delta);
    }

    private void toolCall(ByteArrayOutputStream out, ToolCall call) {
        int index = call.index == null ? 0 : call.index;
        if (open == null || !"function_call".equals(open.path("type").asText()) || index != openToolIndex) {
            close(out);
            open = ResponseObjects.functionCall(ResponseIds.next("fc_"), call.id,
                    call.function == null ? null : call.function.name, "", "in_progress");
            openToolIndex = index;
            added(out);
        }
        String fragment = call.function == null ? null : call.function.arguments;
        if (fragment != null && !fragment.isEmpty()) {
            gathered.append(fragment);
            write(out, itemEvent("response.function_call_arguments.delta").put("delta", fragment));
        }
    }

    private void added(ByteArrayOutputStream out) {
        ObjectNode added = event("response.output_item.added").put("output_index", output.size());
        added.set("item", open.deepCopy());
        write(out, added);
    }

    /** Ends the open item: its .done events, and it joins the output. */
    private void close(ByteArrayOutputStream out) {
        if (open == null) {
            return;
        }
        String all = gathered.toString();
        if ("message".equals(open.path("type").asText())) {
            boolean text = "output_text".equals(openPart);
            ObjectNode done = itemEvent(text ? "response.output_text.done" : "response.refusal.done").put("content_index", 0);
            done.put(text ? "text" : "refusal", all);
            if (text) {
                done.putArray("logprobs");
            }
            write(out, done);
            ObjectNode partDone = itemEvent("response.content_part.done").put("content_index", 0);
            partDone.set("part", part(all));
            write(out, partDone);
            open.withArray("content").add(part(all));
        } else {
            open.put("arguments", all);
            write(out, itemEvent("response.function_call_arguments.done").put("name", open.path("name").asText())
                    .put("arguments", all));
        }
        open.put("status", "completed");
        ObjectNode done = event("response.output_item.done").put("output_index", output.size());
        done.set("item", open);
        write(out, done);
        output.add(open);
        open = null;
        openPart = null;
        openToolIndex = -1;
        gathered.setLength(0);
    }

    private ObjectNode part(String text) {
        if ("refusal".equals(openPart)) {
            return Json.MAPPER.createObjectNode().put("type", "refusal").put("refusal", text);
        }
        return ResponseObjects.outputText(text);
    }

    @Override
    public void end(ChatStream stream, ByteArrayOutputStream out) {
        start(out);
        close(out);
        ObjectNode response = ResponseObjects.finish(draft, output, finishReason, recordedUsage.get(), stream.usage());
        ObjectNode done = event("incomplete".equals(response.path("status").asText())
                ? "response.incomplete" : "response.completed");
        done.set("response", response);
        write(out, done);
        onDone.accept(response);
    }

    @Override
    public void error(GatewayException failure, ChatStream stream, ByteArrayOutputStream out) {
        start(out);
        ObjectNode response = draft.skeleton("failed");
        response.set("output", output);
        String code = failure.status() == 429 ? "rate_limit_exceeded" : "server_error";
        response.putObject("error").put("code", code).put("message", failure.getMessage());
        ObjectNode failed = event("response.failed");
        failed.set("response", response);
        write(out, failed);
        ObjectNode error = event("error").put("code", failure.code()).put("message", failure.getMessage());
        error.put("param", failure.param());
        write(out, error);
    }

    private ObjectNode itemEvent(String type) {
        return event(type).put("item_id", open.path("id").asText()).put("output_index", output.size());
    }

    private ObjectNode event(String type) {
        return Json.MAPPER.createObjectNode().put("type", type);
    }

    private void write(ByteArrayOutputStream out, ObjectNode event) {
        // numbered as written, so the numbers follow the order the caller reads them in
        event.put("sequence_number", sequence++);
        out.writeBytes(("event: " + event.path("type").asText() + "\ndata: ").getBytes(StandardCharsets.UTF_8));
        out.writeBytes(Json.write(event));
        out.writeBytes("\n\n".getBytes(StandardCharsets.UTF_8));
    }
}
