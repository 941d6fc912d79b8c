package io.llmgateway.embeddings;

import org.springframework.boot.context.properties.ConfigurationProperties;

/** gateway.embeddings: how much one embeddings request may ask for (each bound a 400 when passed). */
@ConfigurationProperties("gateway.embeddings")
public class EmbeddingsProperties {

    /** Inputs per request (OpenAI's own limit is 2048). */
    private int maxInputs = 2048;
    /** Largest `dimensions` a caller may ask for. */
    private int maxDimensions = 4096;

    public int getMaxInputs() { return maxInputs; }
    public void setMaxInputs(int maxInputs) { this.maxInputs = maxInputs; }
    public int getMaxDimensions() { return maxDimensions; }
    public void setMaxDimensions(int maxDimensions) { this.maxDimensions = maxDimensions; }
}
