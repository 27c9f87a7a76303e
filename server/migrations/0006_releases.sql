-- Signed app releases a tenant's owners and admins register for tauri-plugin-updater. A release
-- is one bundle (deb, rpm, appimage, msi, nsis or app) of one app version for one channel, target
-- and architecture; its bundle is stored by the server (storage_key) or downloaded from an
-- external address (external_url), never both. app_version is canonical semver: the newest
-- release is chosen in the server by semver precedence, not by the text.

CREATE TABLE app_releases (
    id               TEXT PRIMARY KEY,
    tenant_id        TEXT NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
    channel          TEXT NOT NULL CHECK (channel IN ('stable', 'beta')),
    target           TEXT NOT NULL CHECK (target IN ('linux', 'windows', 'darwin')),
    arch             TEXT NOT NULL CHECK (arch IN ('x86_64', 'i686', 'aarch64', 'armv7', 'riscv64')),
    bundle_type      TEXT NOT NULL CHECK (bundle_type IN ('deb', 'rpm', 'appimage', 'msi', 'nsis', 'app')),
    app_version      TEXT NOT NULL,
    notes            TEXT NOT NULL,
    signature        TEXT NOT NULL,
    storage_key      TEXT,
    file_name        TEXT,
    size_bytes       BIGINT,
    sha256           TEXT,
    external_url     TEXT,
    rollout_percent  BIGINT NOT NULL CHECK (rollout_percent BETWEEN 0 AND 100),
    withdrawn        BIGINT NOT NULL DEFAULT 0 CHECK (withdrawn IN (0, 1)),
    pub_date         BIGINT NOT NULL,
    published_by     TEXT NOT NULL,
    version          BIGINT NOT NULL DEFAULT 1,
    CHECK ((storage_key IS NULL) <> (external_url IS NULL)),
    UNIQUE (tenant_id, channel, target, arch, bundle_type, app_version)
);
