-- Idempotency keys of customers' create requests (ticket creation, comments), sent by the app as
-- `Idempotency-Key` so its offline outbox can resend after a lost answer: the first request with
-- a key creates the work order or comment and records it here in the same transaction; a resend
-- answers what the first one created. Keys are per customer and kept as long as the customer:
-- an outbox may hold an item for weeks while a laptop stays off.

CREATE TABLE idempotency_keys (
    customer_id      TEXT NOT NULL REFERENCES customers(id) ON DELETE CASCADE,
    idempotency_key  TEXT NOT NULL,
    tenant_id        TEXT NOT NULL,
    fingerprint      TEXT NOT NULL,  -- SHA-256 of the operation, its target and the request body
    resource_id      TEXT NOT NULL,  -- the work order or comment the first request created
    created_at       BIGINT NOT NULL,
    PRIMARY KEY (customer_id, idempotency_key)
);
