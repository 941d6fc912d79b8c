package io.llmgateway.responsesdoor;

import java.util.Optional;

/**
 * Where stored responses live. Every read and delete names the tenant: a response belongs to the
 * tenant that created it, and for any other tenant it does not exist. Chosen by
 * gateway.responses.store ({@link ResponseStores}): in memory ({@link InMemoryResponseStore}) or in
 * the gateway's database ({@link JdbcResponseStore}).
 */
public interface ResponseStore {

    /** Keeps it for the configured TTL; false when it is larger than max-response-size and so not kept. */
    boolean put(StoredResponse response);

    /** The tenant's response, unless it is unknown, expired or another tenant's. */
    Optional<StoredResponse> get(String id, String tenant);

    /** True when the tenant's response existed and is gone now. */
    boolean delete(String id, String tenant);

    /** Removes what has expired (the responses-retention route); how many went, where the store can count them. */
    int prune();
}
