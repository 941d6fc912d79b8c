package io.llmgateway.embeddings;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.models.embeddings.CreateEmbeddingResponse;
import com.openai.models.embeddings.EmbeddingCreateParams;
import io.llmgateway.support.FakeProvider.Answer;
import io.llmgateway.support.FakeProvider.Received;
import io.llmgateway.support.GatewayTestSupport;
import io.llmgateway.support.OpenAiWire;
import io.llmgateway.support.SigV4;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** POST /v1/embeddings: each kind's native embeddings API, batching of large inputs, order and usage kept. */
class EmbeddingsTest extends GatewayTestSupport {

    private static final List<String> WORDS = List.of("alpha", "bravo", "charlie", "delta", "echo");

    @BeforeEach
    void reset() {
        OPENAI.reset(Answer.json(200, OpenAiWire.completion("gpt-4o-mini-2024-07-18", "unused")));
        GEMINI.reset(Answer.json(500, "{}"));
        OLLAMA.reset(Answer.json(500, "{}"));
        AZURE.reset(Answer.json(500, "{}"));
        BEDROCK.reset(Answer.json(500, "{}"));
        ANTHROPIC.reset(Answer.json(500, "{}"));
    }

    /** A vector that tells which text it was made for: [length, first letter]. */
    private static ArrayNode vectorFor(String text) {
        return JSON.createArrayNode().add(text.length()).add((int) text.charAt(0));
    }

    private static List<String> texts(JsonNode array) {
        List<String> texts = new ArrayList<>();
        array.forEach(t -> texts.add(t.asText()));
        return texts;
    }

    @Test
    void largeInputsAreSplitIntoBatchesSentInParallelAndReassembledInOrder() {
        // the fake OpenAI answers each batch from its own input, slowest for the first batch so answers arrive out of order
        OPENAI.respondWith(request -> {
            JsonNode input = json(request.body()).path("input");
            ObjectNode answer = JSON.createObjectNode().put("object", "list").put("model", "text-embedding-3-small");
            ArrayNode data = answer.putArray("data");
            for (int i = 0; i < input.size(); i++) {
                data.addObject().put("object", "embedding").put("index", i).set("embedding", vectorFor(input.get(i).asText()));
            }
            answer.putObject("usage").put("prompt_tokens", 10 * input.size()).put("total_tokens", 10 * input.size());
            Answer reply = Answer.json(200, answer.toString());
            // every batch takes a while (so parallel batches overlap at the fake), the first one longest
            return reply.after(java.time.Duration.ofMillis(input.get(0).asText().equals("alpha") ? 500 : 250));
        });
        OpenAIClient client = OpenAIOkHttpClient.builder().baseUrl(url("/v1")).apiKey("caller").maxRetries(0).build();

        CreateEmbeddingResponse response = client.embeddings().create(EmbeddingCreateParams.builder()
                .model("text-embedding-3-small").inputOfArrayOfStrings(WORDS).encodingFormat(EmbeddingCreateParams.EncodingFormat.FLOAT).build());

        assertThat(response.data()).hasSize(5);
        for (int i = 0; i < WORDS.size(); i++) {
            assertThat(response.data().get(i).index()).isEqualTo(i);
            assertThat(response.data().get(i).embedding()).containsExactly(
                    (float) WORDS.get(i).length(), (float) WORDS.get(i).charAt(0));
        }
        assertThat(response.usage().promptTokens()).isEqualTo(50);
        assertThat(response.usage().totalTokens()).isEqualTo(50);
        List<Received> calls = OPENAI.received();
        assertThat(calls).hasSize(3).allSatisfy(call -> {
            assertThat(call.path()).isEqualTo("/v1/embeddings");
            assertThat(call.header("Authorization")).isEqualTo("Bearer " + FAKE_OPENAI_KEY);
        });
        assertThat(calls.stream().map(c -> texts(json(c.body()).path("input"))).toList())
                .containsExactlyInAnyOrder(List.of("alpha", "bravo"), List.of("charlie", "delta"), List.of("echo"));
        assertThat(OPENAI.maxInFlight()).as("batches go out in parallel").isGreaterThan(1);
    }

    @Test
    void geminiUsesBatchEmbedContents() {
        GEMINI.respondWith(request -> {
            ObjectNode answer = JSON.createObjectNode();
            ArrayNode embeddings = answer.putArray("embeddings");
            json(request.body()).path("requests").forEach(r ->
                    embeddings.addObject().set("values", vectorFor(r.path("content").path("parts").get(0).path("text").asText())));
            return Answer.json(200, answer.toString());
        });

        JsonNode response = json(post("/v1/embeddings", """
                {"model":"gemini-embed","input":["alpha","bravo"],"dimensions":256}""").body());

        assertThat(response.path("data").get(1).path("embedding")).isEqualTo(vectorFor("bravo"));
        assertThat(response.path("usage").path("prompt_tokens").asInt()).as("counted by the gateway").isPositive();
        Received call = GEMINI.last();
        assertThat(call.path()).isEqualTo("/v1beta/models/text-embedding-004:batchEmbedContents");
        assertThat(call.header("x-goog-api-key")).isEqualTo(FAKE_GEMINI_KEY);
        JsonNode first = json(call.body()).path("requests").get(0);
        assertThat(first.path("model").asText()).isEqualTo("models/text-embedding-004");
        assertThat(first.path("outputDimensionality").asInt()).isEqualTo(256);
    }

    @Test
    void ollamaUsesApiEmbed() {
        OLLAMA.enqueue(Answer.json(200, """
                {"model":"nomic-embed-text","embeddings":[[0.010071029,-0.0017594862,0.05007221],[-0.0098027075,0.06042469,0.025257962]],
                 "total_duration":14143917,"load_duration":1019500,"prompt_eval_count":8}"""));

        JsonNode response = json(post("/v1/embeddings", """
                {"model":"ollama-embed","input":["Why is the sky blue?","Why is the grass green?"]}""").body());

        assertThat(response.path("data")).hasSize(2);
        assertThat(response.path("data").get(1).path("embedding").get(1).asDouble()).isEqualTo(0.06042469);
        assertThat(response.path("usage").path("prompt_tokens").asInt()).isEqualTo(8);
        assertThat(OLLAMA.last().path()).isEqualTo("/api/embed");
        assertThat(texts(json(OLLAMA.last().body()).path("input"))).containsExactly("Why is the sky blue?", "Why is the grass green?");
    }

    @Test
    void azureAddressesTheEmbeddingDeployment() {
        AZURE.enqueue(Answer.json(200, """
                {"object":"list","data":[{"object":"embedding","index":0,"embedding":[0.0023064255,-0.009327292]}],
                 "model":"text-embedding-3-small","usage":{"prompt_tokens":2,"total_tokens":2}}"""));

        JsonNode response = json(post("/v1/embeddings", """
                {"model":"azure-embed","input":"hello"}""").body());

        assertThat(response.path("data").get(0).path("embedding").get(0).asDouble()).isEqualTo(0.0023064255);
        assertThat(AZURE.last().path()).isEqualTo("/openai/deployments/embed-small/embeddings");
        assertThat(AZURE.last().query()).startsWith("api-version=");
        assertThat(AZURE.last().header("api-key")).isEqualTo(FAKE_AZURE_KEY);
    }

    @Test
    void titanOnBedrockTakesOneSignedCallPerInput() {
        BEDROCK.respondWith(request -> {
            String text = json(request.body()).path("inputText").asText();
            return Answer.json(200, JSON.createObjectNode().put("inputTextTokenCount", 3)
                    .<ObjectNode>set("embedding", vectorFor(text)).toString());
        });

        JsonNode response = json(post("/v1/embeddings", """
                {"model":"titan-embed","input":["alpha","bravo","charlie"]}""").body());

        assertThat(response.path("data")).hasSize(3);
        assertThat(response.path("data").get(2).path("embedding")).isEqualTo(vectorFor("charlie"));
        assertThat(response.path("usage").path("prompt_tokens").asInt()).isEqualTo(9);
        assertThat(BEDROCK.received()).hasSize(3).allSatisfy(call -> {
            assertThat(call.rawPath()).isEqualTo("/model/amazon.titan-embed-text-v2%3A0/invoke");
            SigV4.assertSigned(call);
        });
    }

    @Test
    void mockEmbeddingsAreDeterministicAndBase64OnRequest() {
        JsonNode floats = json(post("/v1/embeddings", """
                {"model":"mock-embed","input":["same","same","other"]}""").body());
        JsonNode base64 = json(post("/v1/embeddings", """
                {"model":"mock-embed","input":"same","encoding_format":"base64"}""").body());

        assertThat(floats.path("data").get(0).path("embedding")).hasSize(16).isEqualTo(floats.path("data").get(1).path("embedding"));
        assertThat(floats.path("data").get(2).path("embedding")).isNotEqualTo(floats.path("data").get(0).path("embedding"));
        byte[] bytes = Base64.getDecoder().decode(base64.path("data").get(0).path("embedding").asText());
        float first = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).getFloat();
        assertThat(first).isEqualTo(floats.path("data").get(0).path("embedding").get(0).floatValue());
    }

    @Test
    void vendorErrorsAndUnsupportedKindsAreClear() {
        AZURE.enqueue(Answer.json(429, """
                {"error":{"code":"429","message":"Rate limit is exceeded. Try again in 7 seconds."}}""").withHeader("Retry-After", "7"));

        HttpResponse<String> limited = post("/v1/embeddings", """
                {"model":"azure-embed","input":"hello"}""");
        HttpResponse<String> anthropic = post("/v1/embeddings", """
                {"model":"claude-test","input":"hello"}""");
        HttpResponse<String> missing = post("/v1/embeddings", """
                {"model":"mock-embed"}""");

        assertThat(limited.statusCode()).isEqualTo(429);
        assertThat(json(limited.body()).path("error").path("provider").asText()).isEqualTo("fake-azure");
        assertThat(anthropic.statusCode()).isEqualTo(400);
        assertThat(json(anthropic.body()).path("error").path("message").asText())
                .isEqualTo("Provider 'fake-anthropic' (anthropic) does not support embeddings.");
        assertThat(missing.statusCode()).isEqualTo(400);
        assertThat(json(missing.body()).path("error").path("param").asText()).isEqualTo("input");
        assertThat(ANTHROPIC.received()).isEmpty();
    }
}
