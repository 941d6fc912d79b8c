package io.llmgateway.provider.azure;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmgateway.catalog.ModelCatalog;
import io.llmgateway.chat.ChatRequest;
import io.llmgateway.chat.Json;
import io.llmgateway.core.GatewayProperties.Model;
import io.llmgateway.provider.Target;
import io.llmgateway.provider.WireRequest;
import io.llmgateway.provider.openai.OpenAiAdapter;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import org.springframework.stereotype.Component;

/**
 * Azure OpenAI: OpenAI's body, addressed to a deployment instead of a model:
 * POST {base-url}/openai/deployments/{deployment}/chat/completions?api-version=... with api-key.
 * Answers, event stream (its first chunk, content filter results only, is skipped) and errors (with
 * Azure's retry-after-ms wait hint) are OpenAI's, read as {@link OpenAiAdapter} reads them.
 */
@Component("azureOpenAiAdapter")
public class AzureOpenAiAdapter extends OpenAiAdapter {

    static final String DEFAULT_API_VERSION = "2024-10-21";

    public AzureOpenAiAdapter(ModelCatalog catalog) {
        super(catalog);
    }

    @Override
    public WireRequest request(ChatRequest request, Target target) {
        // the deployment picks the model; the body's model field is not needed
        ObjectNode body = Json.MAPPER.valueToTree(request);
        body.remove("model");
        if (target.stream()) {
            // always ask for the final usage chunk, so usage is counted even when the caller did not ask for it
            body.put("stream", true);
            JsonNode options = body.get("stream_options");
            (options instanceof ObjectNode o ? o : body.putObject("stream_options")).put("include_usage", true);
        } else {
            // the caller may stream while the gateway reads this answer whole (its tool loop)
            if (body.path("stream").asBoolean(false)) {
                body.remove("stream");
            }
            body.remove("stream_options");
        }
        WireRequest address = address(target, "chat/completions");
        WireRequest wire = new WireRequest(body, address.path(), address.query());
        address.headers().forEach(wire::header);
        if (target.stream()) {
            wire.header("Accept", "text/event-stream");
        }
        return wire;
    }

    /** The deployment's address for an operation (chat/completions, embeddings), with the api-key header; no body. */
    WireRequest address(Target target, String operation) {
        Model model = target.model();
        String deployment = model != null && model.getDeployment() != null ? model.getDeployment() : target.upstreamModel();
        String version = model != null && model.getApiVersion() != null ? model.getApiVersion()
                : target.provider().getApiVersion() != null ? target.provider().getApiVersion() : DEFAULT_API_VERSION;
        return new WireRequest(null, "openai/deployments/" + URLEncoder.encode(deployment, StandardCharsets.UTF_8)
                + "/" + operation, "api-version=" + URLEncoder.encode(version, StandardCharsets.UTF_8))
                .header("api-key", target.provider().hasApiKey() ? target.provider().getApiKey() : null);
    }
}
