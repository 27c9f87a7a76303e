-- Customer records carry a version for optimistic concurrency, as work orders do: an update names
-- the version it was based on and is refused when someone changed the record in between.
ALTER TABLE customers ADD COLUMN version BIGINT NOT NULL DEFAULT 1;

-- Tenant settings are read strictly (every field present, none unknown). Tenants that still hold
-- the column's old default '{}' get the values the server used to assume for it.
UPDATE tenants
SET settings = '{"defaultCountryCode":"1","deepLinkScheme":"wisp-portal","accessCodeDays":14,"reopenWindowDays":14}'
WHERE settings = '{}';
