-- Attachment storage used, per customer (their own uploads) and per tenant (every upload, staff
-- files included), kept in the transaction that records each attachment. An upload reserves its
-- size with one conditional UPDATE per row (`... WHERE storage_bytes + size <= quota`), so two
-- uploads at once can never both slip under a quota, on any instance.
ALTER TABLE customers ADD COLUMN storage_bytes BIGINT NOT NULL DEFAULT 0;
ALTER TABLE tenants ADD COLUMN storage_bytes BIGINT NOT NULL DEFAULT 0;

-- What was stored before quotas counted.
UPDATE customers SET storage_bytes = (
    SELECT COALESCE(SUM(a.size_bytes), 0) FROM attachments a
    WHERE a.tenant_id = customers.tenant_id AND a.uploaded_by_kind = 'customer' AND a.uploaded_by_id = customers.id
);
UPDATE tenants SET storage_bytes = (
    SELECT COALESCE(SUM(a.size_bytes), 0) FROM attachments a WHERE a.tenant_id = tenants.id
);

-- Each server instance looks, twice a second, for customers of a tenant whose change cursor moved
-- past what it has seen (events written through other instances): find them without scanning
-- the tenant's customers.
CREATE INDEX customers_by_change_cursor ON customers (tenant_id, change_cursor);
