package io.llmgateway.support;

/** chat.completion.chunk events as OpenAI streams them (API reference, "The chat completion chunk object"). */
public final class OpenAiStreamWire {

    public static final String ID = "chatcmpl-AyPFk2tSGJY5yBOKuxJqRRSyNqe3k";
    private static final String HEAD = "{\"id\":\"" + ID + "\",\"object\":\"chat.completion.chunk\",\"created\":1738960440,"
            + "\"model\":\"gpt-4o-mini-2024-07-18\",\"service_tier\":\"default\",\"system_fingerprint\":\"fp_72ed7ab54c\",";

    private OpenAiStreamWire() {
    }

    public static String role() {
        return HEAD + "\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"\",\"refusal\":null},"
                + "\"logprobs\":null,\"finish_reason\":null}],\"usage\":null}";
    }

    public static String text(String text) {
        return HEAD + "\"choices\":[{\"index\":0,\"delta\":{\"content\":\"" + text + "\"},\"logprobs\":null,"
                + "\"finish_reason\":null}],\"usage\":null}";
    }

    public static String finish(String reason) {
        return HEAD + "\"choices\":[{\"index\":0,\"delta\":{},\"logprobs\":null,\"finish_reason\":\"" + reason
                + "\"}],\"usage\":null}";
    }

    public static String usage(int prompt, int completion) {
        return HEAD + "\"choices\":[],\"usage\":{\"prompt_tokens\":" + prompt + ",\"completion_tokens\":" + completion
                + ",\"total_tokens\":" + (prompt + completion) + ",\"prompt_tokens_details\":{\"cached_tokens\":0,"
                + "\"audio_tokens\":0},\"completion_tokens_details\":{\"reasoning_tokens\":0,\"audio_tokens\":0,"
                + "\"accepted_prediction_tokens\":0,\"rejected_prediction_tokens\":0}}}";
    }

    public static String toolStart(int index, String id, String name) {
        return HEAD + "\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":" + index + ",\"id\":\"" + id
                + "\",\"type\":\"function\",\"function\":{\"name\":\"" + name + "\",\"arguments\":\"\"}}]},"
                + "\"logprobs\":null,\"finish_reason\":null}],\"usage\":null}";
    }

    public static String toolArgs(int index, String fragment) {
        return HEAD + "\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":" + index
                + ",\"function\":{\"arguments\":\"" + fragment.replace("\"", "\\\"") + "\"}}]},"
                + "\"logprobs\":null,\"finish_reason\":null}],\"usage\":null}";
    }
}
