package io.llmgateway.responsesdoor;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * What the door knows of the Response before the answer: its id, the request fields the Response
 * object repeats ({@code base}), this request's input items and the conversation before them.
 * Kept on the exchange from the request to the reply (and the stream's last event).
 */
record ResponseDraft(String id, String tenant, boolean store, ObjectNode base, ArrayNode input, ArrayNode history) {

    /** The Response object with this status and, so far, no output and no usage. */
    ObjectNode skeleton(String status) {
        ObjectNode response = base.deepCopy();
        response.put("status", status);
        return response;
    }

    /** The base itself, as the finished Response (no copy): for the last step, after which nothing reads the base. */
    ObjectNode finished(String status) {
        return base.put("status", status);
    }
}
