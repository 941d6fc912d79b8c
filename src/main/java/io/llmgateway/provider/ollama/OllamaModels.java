package io.llmgateway.provider.ollama;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmgateway.chat.Json;
import io.llmgateway.provider.ProviderCalls;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.camel.Exchange;
import org.springframework.stereotype.Component;

/** GET {base-url}/api/tags: the models an Ollama server has pulled, by name. */
@Component("ollamaModels")
public class OllamaModels {

    public void toWire(Exchange exchange) {
        exchange.getIn().setBody(null);
        exchange.getIn().setHeader(Exchange.HTTP_METHOD, "GET");
        exchange.getIn().setHeader("Accept", "application/json");
    }

    /** The model names, or an empty list when the server did not answer 200 with its tag list. */
    public List<String> fromWire(Exchange exchange) {
        List<String> names = new ArrayList<>();
        if (ProviderCalls.status(exchange) != 200) {
            return names;
        }
        try {
            for (JsonNode model : Json.MAPPER.readTree(ProviderCalls.body(exchange)).path("models")) {
                String name = model.path("name").asText(model.path("model").asText(""));
                if (!name.isEmpty()) {
                    names.add(name);
                }
            }
        } catch (IOException | RuntimeException e) {
            return List.of();
        }
        return names;
    }
}
