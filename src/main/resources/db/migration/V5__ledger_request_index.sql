-- No query reads the ledger by request_id (/admin/requests filters by key, model, provider, status and
-- time), yet its index cost every insert the most of all: request ids are random, so each row changed
-- a random page of that B-tree (H2 copies and rewrites each page it changes, at every commit).
DROP INDEX request_ledger_request;
