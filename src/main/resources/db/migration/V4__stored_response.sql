-- Stored responses of the Responses API when gateway.responses.store is database. Unlike the ledger
-- these rows hold conversation content (the Response, its input and the conversation before it, as
-- JSON); they are deleted once expired (expires_at), and a caller reads only its own tenant's.
-- (V4: V3 is the ledger's daily spend table, issue 27's branch.)
CREATE TABLE stored_response (
    response_id  VARCHAR(64)   NOT NULL PRIMARY KEY,
    tenant       VARCHAR(200)  NOT NULL,
    response     BYTEA         NOT NULL,
    input_items  BYTEA         NOT NULL,
    history      BYTEA         NOT NULL,
    -- what the row holds, as the in-memory store weighs it
    bytes        INTEGER       NOT NULL,
    created_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    expires_at   TIMESTAMP WITH TIME ZONE NOT NULL
);

-- retention: the expired rows, oldest first
CREATE INDEX stored_response_expiry ON stored_response (expires_at);
