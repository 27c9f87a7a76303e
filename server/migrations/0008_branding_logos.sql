-- Logos staff upload for their tenant's branding. The server re-encodes every upload as a PNG
-- and stores it under its SHA-256 (storage key `<tenant>/logo-<sha256>`), so uploading the same
-- logo again finds this row. A published branding's logo may only point at a row of its own
-- tenant: no branding can send installed apps to another host.

CREATE TABLE branding_logos (
    tenant_id    TEXT NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
    sha256       TEXT NOT NULL CHECK (length(sha256) = 64),
    width        BIGINT NOT NULL CHECK (width BETWEEN 1 AND 512),
    height       BIGINT NOT NULL CHECK (height BETWEEN 1 AND 512),
    bytes        BIGINT NOT NULL CHECK (bytes > 0),
    uploaded_by  TEXT NOT NULL,
    uploaded_at  BIGINT NOT NULL,
    PRIMARY KEY (tenant_id, sha256)
);
