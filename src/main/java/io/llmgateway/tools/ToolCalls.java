package io.llmgateway.tools;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.ValidationMessage;
import io.llmgateway.chat.Json;
import io.llmgateway.core.ExchangeProperties;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * Runs one gateway tool call: checks its arguments against the tool's JSON schema, then sends
 * them to {@code direct:tool-<name>} under the tool's timeout. Nothing here throws: bad arguments,
 * failures and timeouts all become a result that tells the model what went wrong.
 */
@Component("toolCalls")
public class ToolCalls implements DisposableBean {

    private static final Logger LOG = LoggerFactory.getLogger(ToolCalls.class);
    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() { };

    private final ToolProperties properties;
    private final ProducerTemplate template;
    private final ToolMetrics metrics;
    // The timed run itself happens on a virtual thread, so a tool stuck past its deadline holds no pool thread.
    private final ExecutorService runner = Executors.newThreadPerTaskExecutor(
            Thread.ofVirtual().name("gateway-tool-", 0).factory());

    public ToolCalls(ToolProperties properties, CamelContext camel, ToolMetrics metrics) {
        this.properties = properties;
        this.template = camel.createProducerTemplate();
        this.metrics = metrics;
    }

    /** Parses and validates the arguments; an invalid call is answered at once with the reasons. */
    public void validate(ToolInvocation invocation) {
        String raw = invocation.getCall().function == null ? null : invocation.getCall().function.arguments;
        JsonNode arguments;
        try {
            arguments = raw == null || raw.isBlank() ? Json.MAPPER.createObjectNode() : Json.MAPPER.readTree(raw);
        } catch (Exception e) {
            invocation.fail("Invalid arguments for tool '" + invocation.getName() + "': not valid JSON");
            metrics.record(invocation.getName(), "invalid_arguments", 0);
            return;
        }
        if (!arguments.isObject()) {
            invocation.fail("Invalid arguments for tool '" + invocation.getName() + "': expected a JSON object");
            metrics.record(invocation.getName(), "invalid_arguments", 0);
            return;
        }
        Set<ValidationMessage> problems = invocation.getTool().schema().validate(arguments);
        if (!problems.isEmpty()) {
            invocation.fail("Invalid arguments for tool '" + invocation.getName() + "': "
                    + problems.stream().map(ValidationMessage::getMessage).sorted().collect(Collectors.joining("; ")));
            metrics.record(invocation.getName(), "invalid_arguments", 0);
            return;
        }
        invocation.setArguments(arguments);
    }

    /** Runs the tool's route with the arguments as a Map body, and keeps its answer as text. */
    public void invoke(ToolInvocation invocation, Exchange parent) {
        if (invocation.isFailed()) {
            return;
        }
        String name = invocation.getName();
        Duration timeout = properties.timeoutFor(name);
        Map<String, Object> arguments = Json.MAPPER.convertValue(invocation.getArguments(), MAP);
        String requestId = parent.getProperty(ExchangeProperties.REQUEST_ID, String.class);
        long start = System.nanoTime();
        Future<Exchange> run = runner.submit(() -> template.send(invocation.getTool().endpoint(), exchange -> {
            exchange.getIn().setBody(arguments);
            exchange.setProperty(ExchangeProperties.REQUEST_ID, requestId);
        }));
        String outcome;
        try {
            Exchange done = run.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (done.getException() != null) {
                Throwable failure = done.getException();
                LOG.debug("request {} tool {} failed: {}", requestId, name, failure.toString());
                invocation.fail("Tool '" + name + "' failed: " + describe(failure));
                outcome = "failed";
            } else {
                invocation.succeed(limit(text(done)));
                outcome = "ok";
            }
        } catch (TimeoutException e) {
            run.cancel(true);
            invocation.fail("Tool '" + name + "' timed out after " + timeout.toMillis() + " ms");
            outcome = "timeout";
        } catch (ExecutionException e) {
            invocation.fail("Tool '" + name + "' failed: " + describe(e.getCause()));
            outcome = "failed";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            run.cancel(true);
            invocation.fail("Tool '" + name + "' was interrupted");
            outcome = "failed";
        }
        long millis = (System.nanoTime() - start) / 1_000_000;
        invocation.setMillis(millis);
        metrics.record(name, outcome, millis);
    }

    private static String describe(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root
                && (root instanceof org.apache.camel.CamelExecutionException || root.getMessage() == null)) {
            root = root.getCause();
        }
        return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    }

    private static String text(Exchange done) {
        Object body = done.getMessage().getBody();
        if (body == null) {
            return "";
        }
        if (body instanceof String s) {
            return s;
        }
        if (body instanceof byte[] || body instanceof InputStream) {
            byte[] bytes = done.getMessage().getBody(byte[].class);
            return bytes == null ? "" : new String(bytes, StandardCharsets.UTF_8);
        }
        return new String(Json.write(body), StandardCharsets.UTF_8);
    }

    private String limit(String text) {
        int max = (int) properties.getMaxResultSize().toBytes();
        if (text.length() <= max) {
            return text;
        }
        return text.substring(0, max) + "\n[truncated: the tool returned " + text.length() + " characters]";
    }

    @Override
    public void destroy() {
        runner.shutdownNow();
    }
}
