package io.llmgateway.responsesdoor;

/**
 * One kept response, as JSON bytes so the store's byte bound measures what is really held and
 * every read hands out fresh objects. {@code history} is the conversation before this response's
 * input (earlier inputs and outputs of its previous_response_id chain), {@code input} the items
 * this request added, {@code response} the Response object.
 */
public record StoredResponse(String id, String tenant, byte[] response, byte[] input, byte[] history) {

    /** Bytes held, for the store's bound. */
    public int weight() {
        return response.length + input.length + history.length + id.length() + tenant.length();
    }
}
