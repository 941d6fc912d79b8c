package io.llmgateway.catalog;

import io.llmgateway.catalog.ModelCatalog.ModelEntry;
import io.llmgateway.catalog.ModelCatalog.ModelList;
import io.llmgateway.core.GatewayProperties;
import io.llmgateway.core.GatewayProperties.Provider;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Adds the models that providers with {@code list-models: true} report themselves (Ollama's
 * /api/tags) to GET /v1/models, as {@code <provider-id>/<model>}. A provider that is down is
 * left out of the list rather than failing it.
 */
@Component("localModels")
public class LocalModels {

    private static final Logger LOG = LoggerFactory.getLogger(LocalModels.class);

    private final GatewayProperties properties;
    private volatile ProducerTemplate producer;

    public LocalModels(GatewayProperties properties) {
        this.properties = properties;
    }

    public void discover(Exchange exchange) {
        ModelList list = exchange.getIn().getBody(ModelList.class);
        List<ModelEntry> data = new ArrayList<>(list.data());
        Set<String> known = new HashSet<>();
        data.forEach(m -> known.add(m.id()));
        long now = Instant.now().getEpochSecond();
        for (Map.Entry<String, Provider> entry : properties.getProviders().entrySet()) {
            String id = entry.getKey();
            String endpoint = "direct:provider-models-" + id;
            if (!entry.getValue().isListModels() || !ModelCatalog.isAvailable(entry.getValue())
                    || exchange.getContext().getRoute("provider-models-" + id) == null) {
                continue;
            }
            try {
                List<?> names = producer(exchange).requestBody(endpoint, null, List.class);
                for (Object name : names) {
                    String model = id + "/" + name;
                    if (known.add(model)) {
                        data.add(new ModelEntry(model, "model", now, id));
                    }
                }
            } catch (RuntimeException e) {
                LOG.debug("Provider '{}' did not list its models: {}", id, e.toString());
            }
        }
        exchange.getIn().setBody(new ModelList(list.object(), data));
    }

    private ProducerTemplate producer(Exchange exchange) {
        if (producer == null) {
            synchronized (this) {
                if (producer == null) {
                    producer = exchange.getContext().createProducerTemplate();
                }
            }
        }
        return producer;
    }
}
