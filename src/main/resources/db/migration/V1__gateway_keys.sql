-- Gateway keys ("virtual keys"). Portable SQL: the same file runs on H2 and PostgreSQL.
-- Only the SHA-256 (hex) of a secret is kept, never the secret.
CREATE TABLE gateway_key (
    id                  VARCHAR(100)  NOT NULL PRIMARY KEY,
    name                VARCHAR(200),
    -- null for a configured key whose value is unset: it closes the gateway but matches nothing
    key_hash            VARCHAR(64)   UNIQUE,
    -- rotation: the replaced secret keeps working until previous_expires_at
    previous_hash       VARCHAR(64),
    previous_expires_at TIMESTAMP WITH TIME ZONE,
    models              VARCHAR(4000),
    rpm                 INTEGER,
    tpm                 INTEGER,
    budget_usd          NUMERIC(20, 10),
    budget_period       VARCHAR(10)   NOT NULL,
    max_tokens          INTEGER,
    max_messages        INTEGER,
    expires_at          TIMESTAMP WITH TIME ZONE,
    metadata            VARCHAR(8000),
    -- config (seeded from gateway.keys at start) or api (POST /admin/keys)
    source              VARCHAR(10)   NOT NULL,
    revoked_at          TIMESTAMP WITH TIME ZONE,
    created_at          TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at          TIMESTAMP WITH TIME ZONE NOT NULL,
    -- +1 on every write: instances notice a change by SUM(version) and COUNT(*)
    version             BIGINT        NOT NULL
);

CREATE INDEX gateway_key_previous_hash ON gateway_key (previous_hash);
