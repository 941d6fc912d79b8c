package io.llmgateway.usage;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmgateway.auth.GatewayKeys;
import io.llmgateway.auth.KeyDirectory;
import io.llmgateway.auth.KeyPolicy;
import io.llmgateway.auth.KeySeeder;
import io.llmgateway.catalog.ModelCatalog;
import io.llmgateway.chat.ChatMessage;
import io.llmgateway.chat.ChatRequest;
import io.llmgateway.chat.ChatResponse;
import io.llmgateway.chat.Usage;
import io.llmgateway.core.ExchangeProperties;
import io.llmgateway.core.GatewayProperties;
import io.llmgateway.core.KeysProperties;
import io.llmgateway.core.Pricing;
import io.llmgateway.metrics.GatewayMetrics;
import io.llmgateway.store.KeyRows;
import io.llmgateway.support.TestDatabases;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.math.BigDecimal;
import java.util.List;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;

/** The record-usage step on its own: cost arithmetic, cache hits, charging a key's budget. */
class UsageRecorderTest {

    private final javax.sql.DataSource database = TestDatabases.migratedH2();
    private final SpendLedger ledger = new SpendLedger(TestDatabases.ledgerRows(database));
    private final UsageRecorder recorder;

    UsageRecorderTest() {
        GatewayProperties gateway = new GatewayProperties();
        GatewayProperties.Provider provider = new GatewayProperties.Provider();
        provider.setKind("mock");
        gateway.getProviders().put("p", provider);
        GatewayProperties.Model model = new GatewayProperties.Model();
        model.setName("priced");
        model.setProvider("p");
        Pricing pricing = new Pricing();
        pricing.setInput(new BigDecimal("2.50"));
        pricing.setCachedInput(new BigDecimal("1.25"));
        pricing.setOutput(new BigDecimal("10.00"));
        model.setPricing(pricing);
        gateway.getModels().add(model);
        KeysProperties keys = new KeysProperties();
        KeysProperties.Key key = new KeysProperties.Key();
        key.setKey("k-secret");
        key.setBudgetUsd(BigDecimal.ONE);
        keys.getKeys().put("team", key);
        GatewayMetrics metrics = new GatewayMetrics(new SimpleMeterRegistry());
        TokenCounter tokens = new TokenCounter(new UsageProperties());
        KeyRows rows = new KeyRows(org.springframework.jdbc.core.simple.JdbcClient.create(database));
        GatewayKeys gatewayKeys = new GatewayKeys(keys, metrics, new KeyDirectory(rows, new KeySeeder(keys, rows)));
        ModelCatalog catalog = new ModelCatalog(gateway);
        recorder = new UsageRecorder(catalog, tokens, new KeyPolicy(gatewayKeys, ledger, tokens, metrics, catalog,
                new io.llmgateway.redis.SharedKeyLimits(new io.llmgateway.redis.RedisLink(new io.llmgateway.redis.RedisProperties(),
                        new SimpleMeterRegistry()), java.time.Clock.systemUTC())));
    }

    @Test
    void costUsesInputCachedInputAndOutputPricesPerMillion() {
        Exchange exchange = exchange(response(new Usage(1_000, 250)), 400);

        recorder.record(exchange);

        // (600 x 2.50 + 400 x 1.25 + 250 x 10.00) / 1M = 0.0045
        assertThat(exchange.getProperty(ExchangeProperties.COST_USD, String.class)).isEqualTo("0.0045");
        assertThat(ledger.spent("team", KeysProperties.BudgetPeriod.MONTH)).isEqualByComparingTo("0.0045");
        assertThat(exchange.getProperty(ExchangeProperties.USAGE_ESTIMATED)).isNull();
    }

    @Test
    void cacheHitCostsNothingAndChargesNothing() {
        Exchange exchange = exchange(response(new Usage(1_000, 250)), 0);
        exchange.setProperty(ExchangeProperties.CACHE_HIT, true);

        recorder.record(exchange);

        assertThat(exchange.getProperty(ExchangeProperties.COST_USD, String.class)).isEqualTo("0");
        assertThat(ledger.snapshot("team", KeysProperties.BudgetPeriod.MONTH).requests()).isZero();
    }

    @Test
    void missingUsageIsEstimatedFromRequestAndAnswer() {
        Exchange exchange = exchange(response(null), 0);

        recorder.record(exchange);

        TokenUsage usage = exchange.getProperty(ExchangeProperties.USAGE, TokenUsage.class);
        assertThat(usage.estimated()).isTrue();
        assertThat(usage.inputTokens()).isGreaterThan(8);
        assertThat(usage.outputTokens()).isPositive();
        assertThat(exchange.getProperty(ExchangeProperties.USAGE_ESTIMATED)).isEqualTo("true");
        assertThat(ledger.snapshot("team", KeysProperties.BudgetPeriod.MONTH).estimatedRequests()).isEqualTo(1);
    }

    private static ChatResponse response(Usage usage) {
        ChatResponse response = new ChatResponse();
        response.choices.add(new ChatResponse.Choice(0, new ChatMessage("assistant", "Paris is the capital of France."), "stop"));
        if (usage != null && usage.promptTokens > 0) {
            response.usage = usage;
        }
        return response;
    }

    private static Exchange exchange(ChatResponse response, int cachedTokens) {
        if (response.usage != null && cachedTokens > 0) {
            response.usage.putExtra("prompt_tokens_details",
                    io.llmgateway.chat.Json.MAPPER.createObjectNode().put("cached_tokens", cachedTokens));
        }
        ChatRequest request = new ChatRequest();
        request.model = "priced";
        request.messages = List.of(new ChatMessage("user", "What is the capital of France?"));
        Exchange exchange = new DefaultExchange(new DefaultCamelContext());
        exchange.getIn().setBody(response);
        exchange.setProperty(ExchangeProperties.REQUEST, request);
        exchange.setProperty(ExchangeProperties.MODEL, "priced");
        exchange.setProperty(ExchangeProperties.UPSTREAM_MODEL, "gpt-4o");
        exchange.setProperty(ExchangeProperties.KEY, "team");
        return exchange;
    }
}
