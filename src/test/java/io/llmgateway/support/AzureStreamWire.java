package io.llmgateway.support;

/**
 * Azure OpenAI's streamed chat chunks as its deployments send them: OpenAI's chunks with content
 * filter results on every choice, opened by a chunk without choices that carries the prompt's
 * filter results. Each method gives one event's JSON, for {@link StreamingFake#data}.
 */
public final class AzureStreamWire {

    private static final String FILTERS = "\"content_filter_results\":{\"hate\":{\"filtered\":false,\"severity\":\"safe\"},"
            + "\"self_harm\":{\"filtered\":false,\"severity\":\"safe\"},\"sexual\":{\"filtered\":false,\"severity\":\"safe\"},"
            + "\"violence\":{\"filtered\":false,\"severity\":\"safe\"}}";
    private static final String HEAD = "{\"id\":\"chatcmpl-AzureB7xQ2\",\"object\":\"chat.completion.chunk\",\"created\":1738960440,"
            + "\"model\":\"gpt-4o-2024-11-20\",\"system_fingerprint\":\"fp_b705f0c291\",";

    private AzureStreamWire() {
    }

    /** Azure's first event: no choices, only the prompt's filter results. */
    public static String promptFilters() {
        return "{\"choices\":[],\"created\":0,\"id\":\"\",\"model\":\"\",\"object\":\"\",\"prompt_filter_results\":"
                + "[{\"prompt_index\":0," + FILTERS + "}]}";
    }

    /** A chunk with this delta (JSON) and finish_reason (JSON: null or a quoted reason). */
    public static String delta(String delta, String finish) {
        return HEAD + "\"choices\":[{\"index\":0,\"delta\":" + delta + ",\"finish_reason\":" + finish
                + ",\"logprobs\":null," + FILTERS + "}],\"usage\":null}";
    }

    /** The last chunk when stream_options.include_usage is on: no choices, the usage. */
    public static String usage(int prompt, int completion) {
        return HEAD + "\"choices\":[],\"usage\":{\"prompt_tokens\":" + prompt + ",\"completion_tokens\":" + completion
                + ",\"total_tokens\":" + (prompt + completion) + "}}";
    }
}
