-- Each server instance looks, twice a second, for customers of a tenant whose change cursor moved
-- past what it has seen (events written through other instances): find them without scanning
-- the tenant's customers.
CREATE INDEX customers_by_change_cursor ON customers (tenant_id, change_cursor);
