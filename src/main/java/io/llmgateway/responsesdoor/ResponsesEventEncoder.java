package io.llmgateway.responsesdoor;

import com.fasterxml.jackson.core.JsonGenerator;
import io.llmgateway.chat.Json;
import io.llmgateway.chat.ToolCall;
import io.llmgateway.error.GatewayException;
import io.llmgateway.stream.ChatChunk;
import io.llmgateway.stream.ChatStream;
import io.llmgateway.stream.StreamEncoder;
import io.llmgateway.usage.TokenUsage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Canonical chunks -> the Responses API's typed event stream: response.created,
 * response.in_progress, then per output item output_item.added, (content_part.added,
 * output_text.delta..., output_text.done, content_part.done | function_call_arguments.delta...,
 * .done), output_item.done, and at the end response.completed (or response.incomplete) with the
 * whole Response. Every event carries sequence_number. A failure is response.failed followed by
 * an error event, never response.completed. One encoder per stream: it keeps the items' state.
 * Each event is written with a generator straight from the typed items (no JSON tree).
 */
final class ResponsesEventEncoder implements StreamEncoder {

    private static final byte[] EVENT_END = "\n\n".getBytes(StandardCharsets.UTF_8);

    private final ResponseDraft draft;
    private final Supplier<TokenUsage> recordedUsage;
    /** Gets the finished Response's JSON (for the store). */
    private final Consumer<byte[]> onDone;
    private final List<OutputItem> output = new ArrayList<>();
    private int sequence;
    private boolean started;
    /** The open output item (a message or a function_call) and what it has gathered so far. */
    private OutputItem open;
    private String openPart;
    private int openToolIndex = -1;
    private final StringBuilder gathered = new StringBuilder();
    private String finishReason;

    ResponsesEventEncoder(ResponseDraft draft, Supplier<TokenUsage> recordedUsage, Consumer<byte[]> onDone) {
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
        List<OutputItem> none = List.of();
        write(out, "response.created", g -> {
            g.writeFieldName("response");
            draft.write(g, "in_progress", 0, null, none, null, null, null, false);
        });
        write(out, "response.in_progress", g -> {
            g.writeFieldName("response");
            draft.write(g, "in_progress", 0, null, none, null, null, null, false);
        });
    }

    private void text(ByteArrayOutputStream out, String partType, String fragment) {
        if (!(open instanceof OutputItem.Message) || !partType.equals(openPart)) {
            close(out);
            open = new OutputItem.Message("in_progress", null, null);
            openPart = partType;
            added(out);
            write(out, "response.content_part.added", g -> {
                itemFields(g);
                g.writeNumberField("content_index", 0);
                g.writeFieldName("part");
                OutputItem.writePart(g, partType, "");
            });
        }
        gathered.append(fragment);
        boolean text = "output_text".equals(partType);
        write(out, text ? "response.output_text.delta" : "response.refusal.delta", g -> {
            itemFields(g);
            g.writeNumberField("content_index", 0);
            g.writeStringField("delta", fragment);
            if (text) {
                g.writeArrayFieldStart("logprobs");
                g.writeEndArray();
            }
        });
    }

    private void toolCall(ByteArrayOutputStream out, ToolCall call) {
        int index = call.index == null ? 0 : call.index;
        if (!(open instanceof OutputItem.FunctionCall) || index != openToolIndex) {
            close(out);
            open = new OutputItem.FunctionCall(ResponseIds.next("fc_"), call.id,
                    call.function == null ? null : call.function.name, "", "in_progress");
            openToolIndex = index;
            added(out);
        }
        String fragment = call.function == null ? null : call.function.arguments;
        if (fragment != null && !fragment.isEmpty()) {
            gathered.append(fragment);
            write(out, "response.function_call_arguments.delta", g -> {
                itemFields(g);
                g.writeStringField("delta", fragment);
            });
        }
    }

    private void added(ByteArrayOutputStream out) {
        write(out, "response.output_item.added", g -> {
            g.writeNumberField("output_index", output.size());
            g.writeFieldName("item");
            open.write(g);
        });
    }

    /** Ends the open item: its .done events, and it joins the output. */
    private void close(ByteArrayOutputStream out) {
        if (open == null) {
            return;
        }
        String all = gathered.toString();
        if (open instanceof OutputItem.Message message) {
            boolean text = "output_text".equals(openPart);
            String part = openPart;
            write(out, text ? "response.output_text.done" : "response.refusal.done", g -> {
                itemFields(g);
                g.writeNumberField("content_index", 0);
                g.writeStringField(text ? "text" : "refusal", all);
                if (text) {
                    g.writeArrayFieldStart("logprobs");
                    g.writeEndArray();
                }
            });
            write(out, "response.content_part.done", g -> {
                itemFields(g);
                g.writeNumberField("content_index", 0);
                g.writeFieldName("part");
                OutputItem.writePart(g, part, all);
            });
            message.partType = part;
            message.text = all;
        } else if (open instanceof OutputItem.FunctionCall call) {
            call.arguments = all;
            write(out, "response.function_call_arguments.done", g -> {
                itemFields(g);
                // as the tree-built events had it: a call that never got a name is named "null"
                g.writeStringField("name", String.valueOf(call.name));
                g.writeStringField("arguments", all);
            });
        }
        open.status = "completed";
        write(out, "response.output_item.done", g -> {
            g.writeNumberField("output_index", output.size());
            g.writeFieldName("item");
            open.write(g);
        });
        output.add(open);
        open = null;
        openPart = null;
        openToolIndex = -1;
        gathered.setLength(0);
    }

    @Override
    public void end(ChatStream stream, ByteArrayOutputStream out) {
        start(out);
        close(out);
        byte[] response = ResponseObjects.finish(draft, output, finishReason, recordedUsage.get(), stream.usage());
        String type = ResponseObjects.incomplete(finishReason) != null ? "response.incomplete" : "response.completed";
        // the Response's bytes go out as they are and are what the store keeps: written once
        out.writeBytes(("event: " + type + "\ndata: {\"type\":\"" + type + "\",\"response\":")
                .getBytes(StandardCharsets.UTF_8));
        out.writeBytes(response);
        out.writeBytes((",\"sequence_number\":" + sequence++ + "}").getBytes(StandardCharsets.UTF_8));
        out.writeBytes(EVENT_END);
        onDone.accept(response);
    }

    @Override
    public void error(GatewayException failure, ChatStream stream, ByteArrayOutputStream out) {
        start(out);
        String code = failure.status() == 429 ? "rate_limit_exceeded" : "server_error";
        write(out, "response.failed", g -> {
            g.writeFieldName("response");
            draft.write(g, "failed", 0, null, output, null, code, failure.getMessage(), false);
        });
        write(out, "error", g -> {
            g.writeStringField("code", failure.code());
            g.writeStringField("message", failure.getMessage());
            g.writeStringField("param", failure.param());
        });
    }

    /** item_id and output_index: the open item's. */
    private void itemFields(JsonGenerator g) throws IOException {
        g.writeStringField("item_id", open.id);
        g.writeNumberField("output_index", output.size());
    }

    /** One event: its type, the fields, and its sequence_number (numbered as written, the order the caller reads). */
    private void write(ByteArrayOutputStream out, String type, ResponseObjects.Writing fields) {
        out.writeBytes(("event: " + type + "\ndata: ").getBytes(StandardCharsets.UTF_8));
        try (JsonGenerator g = Json.MAPPER.createGenerator(out)) {
            g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
            g.writeStartObject();
            g.writeStringField("type", type);
            fields.write(g);
            g.writeNumberField("sequence_number", sequence++);
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        out.writeBytes(EVENT_END);
    }
}
