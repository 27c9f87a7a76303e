-- Sign-up hardening.

-- The HMAC key for access codes and link tickets no longer lives in the database it protects: it
-- comes from WISP_LINK_KEY / WISP_LINK_KEY_FILE. Codes hashed with the old stored key stop
-- working; staff issue new ones.
DROP TABLE server_secrets;

-- Failed sign-ups are counted per customer number, per typed phone, per source and per tenant in
-- rate_limits (hourly windows), not on the customer record of the number typed in.
ALTER TABLE customers DROP COLUMN failed_link_attempts;
ALTER TABLE customers DROP COLUMN signup_locked_until;

-- A keyed hash of the customer's phone and access code when the ticket was issued: once staff
-- change either, the ticket no longer links. Tickets without one do not link.
ALTER TABLE link_tickets ADD COLUMN credentials_fingerprint TEXT;

-- The tenants `wisp-server seed-demo` wrote. It empties a database only when every tenant in it is
-- listed here (or when told to explicitly).
CREATE TABLE demo_tenants (
    tenant_id  TEXT PRIMARY KEY REFERENCES tenants(id) ON DELETE CASCADE
);
