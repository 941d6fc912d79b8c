package io.llmgateway.batch;

/** A line that cannot run as written; becomes an error line with this code and message. */
public class BatchLineException extends RuntimeException {

    private final String code;

    public BatchLineException(String code, String message) {
        super(message, null, false, false);
        this.code = code;
    }

    public String code() { return code; }
}
