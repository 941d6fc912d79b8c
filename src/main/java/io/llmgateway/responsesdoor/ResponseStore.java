package io.llmgateway.responsesdoor;

import java.util.Optional;

/**
 * Where stored responses live. Every read and delete names the tenant: a response belongs to the
 * tenant that created it, and for any other tenant it does not exist. In memory for now
 * ({@link InMemoryResponseStore}); a durable store can implement this and take over.
 */
public interface ResponseStore {

    void put(StoredResponse response);

    Optional<StoredResponse> get(String id, String tenant);

    /** True when the tenant's response existed and is gone now. */
    boolean delete(String id, String tenant);
}
