-- The spend ledger: one row per answered request. Ids, names and numbers only: never content or secrets.
CREATE TABLE request_ledger (
    -- made by the gateway: a caller may send the same X-Request-Id twice
    entry_id            VARCHAR(40)   NOT NULL PRIMARY KEY,
    request_id          VARCHAR(128)  NOT NULL,
    -- the gateway process that wrote it (new at every start): its budgets count its own rows from memory
    run_id              VARCHAR(40)   NOT NULL,
    door                VARCHAR(20),
    key_id              VARCHAR(100),
    tenant              VARCHAR(200),
    alias               VARCHAR(200),
    provider            VARCHAR(100),
    upstream_model      VARCHAR(200),
    status              INTEGER       NOT NULL,
    input_tokens        BIGINT        NOT NULL,
    cached_input_tokens BIGINT        NOT NULL,
    output_tokens       BIGINT        NOT NULL,
    estimated           BOOLEAN       NOT NULL,
    -- counted against the key's budget and usage (false: refused before the call, a cache hit, a failure with no usage)
    charged             BOOLEAN       NOT NULL,
    cost_usd            NUMERIC(20, 10),
    latency_ms          BIGINT,
    upstream_ms         BIGINT,
    stream_outcome      VARCHAR(20),
    started_at          TIMESTAMP WITH TIME ZONE NOT NULL,
    finished_at         TIMESTAMP WITH TIME ZONE NOT NULL,
    -- the UTC day of finished_at: spend by day groups on it without a function over every row
    ledger_day          DATE          NOT NULL
);

-- budgets and /admin/keys/{id}/usage: one key's rows in its period
CREATE INDEX request_ledger_key_time ON request_ledger (key_id, finished_at);
-- /admin/requests and retention: newest first, oldest pruned
CREATE INDEX request_ledger_time ON request_ledger (finished_at);
-- /admin/spend over a time range grouped by day
CREATE INDEX request_ledger_day ON request_ledger (ledger_day, key_id);
CREATE INDEX request_ledger_alias_time ON request_ledger (alias, finished_at);
CREATE INDEX request_ledger_provider_time ON request_ledger (provider, finished_at);
CREATE INDEX request_ledger_request ON request_ledger (request_id);
