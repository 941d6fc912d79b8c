-- /admin/spend reads spend_daily now: the ledger's day index only cost every insert
DROP INDEX request_ledger_day;

-- The API a ledger row answered (chat, responses, messages, embeddings, ...; null on rows written before it).
ALTER TABLE request_ledger ADD COLUMN api VARCHAR(20);

-- Spend per UTC day, key, alias, provider and API: what GET /admin/spend reads, so a month costs
-- ~30 x groups rows however many requests it had. The ledger writer adds to it in the transaction
-- that inserts the rows; retention deletes a day here once its ledger rows are gone.
-- '' stands for "none" (a row without key, alias or provider): key columns cannot be null.
CREATE TABLE spend_daily (
    ledger_day          DATE           NOT NULL,
    key_id              VARCHAR(100)   NOT NULL,
    alias               VARCHAR(200)   NOT NULL,
    provider            VARCHAR(100)   NOT NULL,
    api                 VARCHAR(20)    NOT NULL,
    requests            BIGINT         NOT NULL,
    errors              BIGINT         NOT NULL,
    input_tokens        BIGINT         NOT NULL,
    cached_input_tokens BIGINT         NOT NULL,
    output_tokens       BIGINT         NOT NULL,
    cost_usd            NUMERIC(24, 10) NOT NULL,
    PRIMARY KEY (ledger_day, key_id, alias, provider, api)
);

-- the rows already in the ledger (one scan, at the upgrade)
INSERT INTO spend_daily (ledger_day, key_id, alias, provider, api, requests, errors, input_tokens, cached_input_tokens,
                         output_tokens, cost_usd)
SELECT ledger_day, COALESCE(key_id, ''), COALESCE(alias, ''), COALESCE(provider, ''), '', COUNT(*),
       SUM(CASE WHEN status >= 400 THEN 1 ELSE 0 END), SUM(input_tokens), SUM(cached_input_tokens), SUM(output_tokens),
       COALESCE(SUM(cost_usd), 0)
FROM request_ledger
GROUP BY ledger_day, COALESCE(key_id, ''), COALESCE(alias, ''), COALESCE(provider, '');
