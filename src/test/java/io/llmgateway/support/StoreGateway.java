package io.llmgateway.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.llmgateway.GatewayApplication;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A whole gateway (shipped application.yaml and routes) on a database the test chooses, so a test
 * can stop it and start a new one (a new Spring context) on the same store. One priced model on a
 * fake OpenAI, the mock, an admin key and one key from the configuration.
 */
public final class StoreGateway implements AutoCloseable {

    public static final String ADMIN_KEY = "gk-store-admin-3f9a1c";
    public static final String SEEDED_KEY = "gk-store-seeded-8b2e4d";
    /** The priced model, on the fake OpenAI (the shipped routing tables name it). */
    public static final String PRICED_MODEL = "gpt-4o-mini";
    /** USD per 1M tokens of the priced model. */
    public static final String INPUT_PRICE = "1000";
    public static final String OUTPUT_PRICE = "2000";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final ConfigurableApplicationContext context;
    private final int port;

    private StoreGateway(ConfigurableApplicationContext context) {
        this.context = context;
        this.port = ((WebServerApplicationContext) context).getWebServer().getPort();
    }

    /** Extra settings as "name=value"; they win over the defaults here. */
    public static StoreGateway start(String databaseUrl, FakeProvider openai, String... extra) {
        return start(null, databaseUrl, openai, extra);
    }

    /**
     * With a clock of the test's (a Clock bean: the limits shared through Redis read their time from
     * it, so a stopped clock holds a per-minute window still); null for the system's.
     */
    public static StoreGateway start(java.time.Clock clock, String databaseUrl, FakeProvider openai, String... extra) {
        List<String> args = new ArrayList<>(List.of(
                "--server.port=0",
                "--spring.datasource.url=" + databaseUrl,
                "--gateway.admin-key=" + ADMIN_KEY,
                "--gateway.keys.seeded.key=" + SEEDED_KEY,
                "--gateway.batch.enabled=false",
                "--gateway.routes.reload-enabled=false",
                "--gateway.providers.fake-openai.kind=openai",
                "--gateway.providers.fake-openai.base-url=" + openai.baseUrl() + "/v1",
                "--gateway.providers.fake-openai.api-key=sk-fake-store-secret",
                "--gateway.models[0].name=" + PRICED_MODEL,
                "--gateway.models[0].provider=fake-openai",
                "--gateway.models[0].model=gpt-4o-mini",
                "--gateway.models[0].pricing.input=" + INPUT_PRICE,
                "--gateway.models[0].pricing.output=" + OUTPUT_PRICE,
                "--gateway.models[1].name=mock-gpt",
                "--gateway.models[1].provider=mock",
                "--gateway.models[1].model=mock-gpt",
                // the shipped routing tables name gpt-4o
                "--gateway.models[2].name=gpt-4o",
                "--gateway.models[2].provider=mock",
                "--gateway.models[2].model=mock-gpt"));
        if (databaseUrl.startsWith("jdbc:postgresql:")) {
            args.add("--spring.datasource.username=postgres");
        }
        for (String setting : extra) {
            args.add("--" + setting);
        }
        SpringApplicationBuilder builder = new SpringApplicationBuilder(GatewayApplication.class);
        if (clock != null) {
            builder.initializers(context -> context.getBeanFactory().registerSingleton("testClock", clock));
        }
        return new StoreGateway(builder.run(args.toArray(String[]::new)));
    }

    public <T> T bean(Class<T> type) {
        return context.getBean(type);
    }

    public HttpResponse<String> chat(String secret, String model) {
        return send("POST", "/v1/chat/completions", "{\"model\":\"" + model + "\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}",
                secret == null ? Map.of() : Map.of("Authorization", "Bearer " + secret));
    }

    public HttpResponse<String> admin(String method, String path, String body) {
        return send(method, path, body, Map.of("Authorization", "Bearer " + ADMIN_KEY));
    }

    /** An admin call that must answer 200; its JSON. */
    public JsonNode adminOk(String method, String path, String body) {
        HttpResponse<String> response = admin(method, path, body);
        if (response.statusCode() != 200) {
            throw new AssertionError(method + " " + path + " answered " + response.statusCode() + ": " + response.body());
        }
        return json(response.body());
    }

    public HttpResponse<String> send(String method, String path, String body, Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        headers.forEach(request::header);
        try {
            return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public static JsonNode json(String body) {
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            throw new AssertionError("Not JSON: " + body, e);
        }
    }

    /** A graceful stop, as on SIGTERM: the context closes (and flushes what it must). */
    @Override
    public void close() {
        context.close();
    }
}
