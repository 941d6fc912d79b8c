package io.llmgateway.provider;

import java.util.Map;

/**
 * Which adapter bean and which URL path each HTTP provider kind uses, in one place. Every call in
 * this table goes through the one generic route template {@code provider-http}
 * (routes/providers.camel.yaml); {@link ProviderRoutes} instantiates it with the adapter named here
 * and the full URL, the provider's base URL followed by the path. An empty path means the adapter
 * sets the path per request (model or deployment in it) as a CamelHttpPath header.
 *
 * <p>A kind with a template of its own ({@code provider-<kind>}, {@code embeddings-<kind>},
 * {@code models-<kind>}, {@code admin-<kind>}) uses that instead: mock (no HTTP at all), or an
 * integrator's own flow. An OpenAI-compatible server needs no entry: it is kind {@code openai}
 * with its own base-url.
 */
public final class ProviderKinds {

    /** An adapter bean (its toWire / fromWire steps) and the path appended to the provider's base URL. */
    public record Call(String adapter, String path) {
    }

    /** The calls one kind can make; null where the kind does not offer that call. */
    public record Kind(Call chat, Call embeddings, Call models, Call admin) {
    }

    //                 kind                       chat                                      embeddings                                     model listing                    admin
    private static final Map<String, Kind> KINDS = Map.of(
            "openai", new Kind(new Call("openAiAdapter", "/chat/completions"), new Call("openAiEmbeddings", "/embeddings"), null, null),
            "anthropic", new Kind(new Call("anthropicAdapter", "/v1/messages"), null, null, null),
            "gemini", new Kind(new Call("geminiAdapter", ""), new Call("geminiEmbeddings", ""), null, null),
            "ollama", new Kind(new Call("ollamaAdapter", "/api/chat"), new Call("ollamaEmbeddings", "/api/embed"),
                    new Call("ollamaModels", "/api/tags"), new Call("ollamaAdmin", "")),
            "azure-openai", new Kind(new Call("azureOpenAiAdapter", ""), new Call("azureOpenAiEmbeddings", ""), null, null),
            "bedrock", new Kind(new Call("bedrockAdapter", ""), new Call("bedrockEmbeddings", ""), null, null));

    private ProviderKinds() {
    }

    /** The HTTP kind's calls, or null for a kind not in the table (mock, an integrator's own template). */
    public static Kind of(String kind) {
        return kind == null ? null : KINDS.get(kind);
    }
}
