package io.llmgateway.auth;

import io.llmgateway.core.KeysProperties.BudgetPeriod;
import io.llmgateway.core.KeysProperties.Key;
import io.llmgateway.store.KeyRows;
import io.llmgateway.store.StoredKey;
import java.time.Instant;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The gateway keys as the hot path sees them: an in-memory copy of the gateway_key table, looked up
 * by the secret's SHA-256, never a query per request. The copy is replaced whole after every admin
 * write on this instance, and when the table's fingerprint changes (another instance wrote it),
 * which the key-directory-refresh route polls every 500 ms: a change anywhere is in force within a second.
 */
@Component("keyDirectory")
public class KeyDirectory {

    private static final Logger LOG = LoggerFactory.getLogger(KeyDirectory.class);

    private final KeyRows rows;
    private volatile Snapshot snapshot;
    private volatile KeyRows.Fingerprint seen;
    private volatile boolean failing;

    public KeyDirectory(KeyRows rows, KeySeeder seeder) {
        this.rows = rows;
        seeder.seed();
        refresh();
    }

    /** Reads the whole table again. The fingerprint is read first: a write in between is seen by the next poll, never lost. */
    public synchronized void refresh() {
        KeyRows.Fingerprint fingerprint = rows.fingerprint();
        snapshot = Snapshot.of(rows.all());
        seen = fingerprint;
    }

    /** The poll: one cheap aggregate query, the table only when it changed. A failing database keeps the last copy. */
    public void refreshIfChanged() {
        try {
            if (!rows.fingerprint().equals(seen)) {
                refresh();
            }
            if (failing) {
                failing = false;
                LOG.info("Key store reachable again");
            }
        } catch (RuntimeException e) {
            if (!failing) {
                failing = true;
                LOG.warn("Cannot read the key store, serving the keys read last: {}", e.toString());
            }
        }
    }

    /** The id of the key whose secret (current, or previous within its grace period) has this hash; null when none may be used now. */
    public String idFor(String hash, Instant now) {
        Snapshot current = snapshot;
        Entry entry = current.byHash.get(hash);
        if (entry == null) {
            entry = current.byPreviousHash.get(hash);
            if (entry == null || entry.row.previousExpiresAt() == null || !now.isBefore(entry.row.previousExpiresAt())) {
                return null;
            }
        }
        return usable(entry.row, now) ? entry.row.id() : null;
    }

    static boolean usable(StoredKey row, Instant now) {
        return row.revokedAt() == null && (row.expiresAt() == null || now.isBefore(row.expiresAt()));
    }

    /** The key's limits (revoked and expired keys included, for reports); null when unknown. */
    public Key key(String id) {
        Entry entry = snapshot.byId.get(id);
        return entry == null ? null : entry.key;
    }

    public StoredKey stored(String id) {
        Entry entry = snapshot.byId.get(id);
        return entry == null ? null : entry.row;
    }

    public List<StoredKey> all() {
        return snapshot.byId.values().stream().map(Entry::row).toList();
    }

    public Set<String> ids() {
        return snapshot.byId.keySet();
    }

    /** No key at all, not even a revoked one: the gateway runs open. */
    public boolean isEmpty() {
        return snapshot.byId.isEmpty();
    }

    private record Entry(StoredKey row, Key key) {
    }

    private record Snapshot(Map<String, Entry> byId, Map<String, Entry> byHash, Map<String, Entry> byPreviousHash) {
        static Snapshot of(List<StoredKey> rows) {
            Map<String, Entry> byId = new LinkedHashMap<>();
            Map<String, Entry> byHash = new HashMap<>();
            Map<String, Entry> byPrevious = new HashMap<>();
            for (StoredKey row : rows) {
                Entry entry = new Entry(row, limits(row));
                byId.put(row.id(), entry);
                if (row.keyHash() != null) {
                    byHash.put(row.keyHash(), entry);
                }
                if (row.previousHash() != null) {
                    byPrevious.put(row.previousHash(), entry);
                }
            }
            return new Snapshot(Collections.unmodifiableMap(byId), byHash, byPrevious);
        }
    }

    private static Key limits(StoredKey row) {
        Key key = new Key();
        key.setModels(row.models());
        key.setRequestsPerMinute(row.rpm());
        key.setTokensPerMinute(row.tpm());
        key.setBudgetUsd(row.budgetUsd());
        key.setBudgetPeriod(BudgetPeriod.valueOf(row.budgetPeriod().toUpperCase(Locale.ROOT)));
        key.setMaxTokens(row.maxTokens());
        key.setMaxMessages(row.maxMessages());
        return key;
    }
}
