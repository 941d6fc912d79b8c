package io.llmgateway.redis;

/**
 * Requests one instance may admit for a gateway key by itself. Redis grants a lease with an admission
 * only while every limit of the key is far from reached (key-limits.lua's FAR times what the lease
 * takes): its requests are taken from the key's requests bucket and its budget is held there at once,
 * so whatever this instance admits from it exceeds no limit on any instance. A lease ends when used
 * up or at its expiry; the budget it held is released once its last request has ended (until then
 * the hold covers those requests' worst cases).
 */
final class KeyLease {

    /** The admission that was granted it: its key, period and limits. */
    private final SharedKeyLimits.Ask ask;
    /** Its hold's member in Redis ("id:nano-USD", the budget it may spend). */
    private final String hold;
    private final long expiresAtMillis;
    /** What Redis had left when it granted the lease, for the rate-limit headers of the requests it admits. */
    private final long requestsLeftThen;
    private final long tokensLeftThen;
    private int requests;
    private long budgetNanos;
    private long promptTokens;
    private int inFlight;
    private boolean closed;
    private boolean released;

    /** budgetNanos / promptTokens: Long.MAX_VALUE when the key has no budget / no tokens per minute. */
    KeyLease(SharedKeyLimits.Ask ask, String hold, long expiresAtMillis, int requests, long budgetNanos, long promptTokens,
             long requestsLeftThen, long tokensLeftThen) {
        this.ask = ask;
        this.hold = hold;
        this.expiresAtMillis = expiresAtMillis;
        this.requestsLeftThen = requestsLeftThen;
        this.tokensLeftThen = tokensLeftThen;
        this.requests = requests;
        this.budgetNanos = budgetNanos;
        this.promptTokens = promptTokens;
    }

    SharedKeyLimits.Ask ask() {
        return ask;
    }

    String hold() {
        return hold;
    }

    /** Admits one request from the lease if it has room for all of it; else the lease is closed (Redis asks). */
    synchronized boolean take(long nowMillis, long worstCaseNanos, long promptEstimate) {
        if (closed || nowMillis >= expiresAtMillis || requests < 1 || budgetNanos < worstCaseNanos || promptTokens < promptEstimate) {
            closed = true;
            return false;
        }
        requests--;
        budgetNanos -= worstCaseNanos;
        promptTokens -= promptEstimate;
        inFlight++;
        return true;
    }

    /** Requests left to every instance as far as this one knows: Redis's count at the grant and the lease's own. */
    synchronized long requestsLeft() {
        return requestsLeftThen < 0 ? -1 : requestsLeftThen + requests;
    }

    long tokensLeft() {
        return tokensLeftThen;
    }

    /** One of its requests ended; true when the lease's hold is to be released now (once). */
    synchronized boolean ended() {
        inFlight--;
        return releaseWhenIdle();
    }

    /** No more requests from it; true when its hold is to be released now (once). */
    synchronized boolean close() {
        closed = true;
        return releaseWhenIdle();
    }

    private boolean releaseWhenIdle() {
        if (!closed || inFlight > 0 || released) {
            return false;
        }
        released = true;
        return true;
    }
}
