package io.llmgateway.auth;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmgateway.chat.ChatMessage;
import io.llmgateway.chat.ChatRequest;
import io.llmgateway.support.FakeProvider;
import io.llmgateway.support.StoreGateway;
import io.llmgateway.support.TestDatabases;
import io.llmgateway.usage.SpendLedger;
import io.llmgateway.usage.TokenCounter;
import java.math.BigDecimal;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Budgets hold under concurrency: each request reserves its worst case before the provider call,
 * so 50 requests at once against a budget of 10 requests' worth end at most one worst case above it.
 */
class BudgetReservationTest {

    /** Real usage of each answer: 1 input and 10 output tokens ($0.001 + $0.02 at the test prices). */
    private static final String ANSWER = """
            {"id":"chatcmpl-1","object":"chat.completion","created":1741569952,"model":"gpt-4o-mini",
             "choices":[{"index":0,"message":{"role":"assistant","content":"ten tokens"},"finish_reason":"stop"}],
             "usage":{"prompt_tokens":1,"completion_tokens":10,"total_tokens":11}}""";
    private static final BigDecimal ONE_REQUEST = new BigDecimal("0.021");
    private static final String REQUEST = "{\"model\":\"gpt-4o-mini\",\"max_tokens\":10,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";

    // slow enough that all 50 are in flight together
    private static final FakeProvider OPENAI = new FakeProvider(FakeProvider.Answer.json(200, ANSWER).after(Duration.ofMillis(400)));
    private static StoreGateway gateway;

    @BeforeAll
    static void start() {
        gateway = StoreGateway.start(TestDatabases.newH2Url(), OPENAI);
    }

    @AfterAll
    static void stop() {
        gateway.close();
        OPENAI.close();
    }

    @Test
    void fiftyConcurrentRequestsEndAtMostOneWorstCaseAboveTheBudget() throws Exception {
        BigDecimal budget = ONE_REQUEST.multiply(BigDecimal.TEN);
        String secret = gateway.adminOk("POST", "/admin/keys", "{\"id\":\"busy\",\"budget_usd\":" + budget.toPlainString() + "}")
                .path("key").asText();

        List<Future<HttpResponse<String>>> answers = new ArrayList<>();
        try (ExecutorService callers = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < 50; i++) {
                answers.add(callers.submit(() -> gateway.send("POST", "/v1/chat/completions", REQUEST,
                        java.util.Map.of("Authorization", "Bearer " + secret))));
            }
        }
        int ok = 0;
        int refused = 0;
        for (Future<HttpResponse<String>> answer : answers) {
            int status = answer.get().statusCode();
            if (status == 200) {
                ok++;
            } else if (status == 429) {
                refused++;
            }
        }

        JsonNode usage = gateway.adminOk("GET", "/admin/keys/busy/usage", null);
        BigDecimal spent = usage.path("spent_usd").decimalValue();
        assertThat(ok + refused).isEqualTo(50);
        assertThat(refused).as("most are refused: without reservations all 50 pass the budget check together").isGreaterThan(30);
        assertThat(spent).isEqualByComparingTo(ONE_REQUEST.multiply(BigDecimal.valueOf(ok)));
        assertThat(spent).isLessThanOrEqualTo(budget.add(worstCase()));
        // every reservation was settled or given back
        assertThat(gateway.bean(SpendLedger.class).reserved("busy")).isEqualByComparingTo("0");
    }

    /** What the gateway reserves for one request: its prompt estimate and max_tokens at the model's prices. */
    private static BigDecimal worstCase() {
        ChatRequest request = new ChatRequest();
        request.messages = List.of(new ChatMessage("user", "hi"));
        long prompt = gateway.bean(TokenCounter.class).countPrompt(request, "gpt-4o-mini");
        return new BigDecimal(StoreGateway.INPUT_PRICE).multiply(BigDecimal.valueOf(prompt))
                .add(new BigDecimal(StoreGateway.OUTPUT_PRICE).multiply(BigDecimal.TEN))
                .divide(BigDecimal.valueOf(1_000_000));
    }
}
