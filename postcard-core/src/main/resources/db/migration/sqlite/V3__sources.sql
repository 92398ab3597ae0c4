-- Provider webhook sources, SQLite. settings is the provider's verification settings as JSON (it holds
-- secrets: the API shows a redacted form).

CREATE TABLE sources (
    id                TEXT PRIMARY KEY,
    tenant_id         TEXT NOT NULL,
    provider          TEXT NOT NULL,
    settings          TEXT NOT NULL,
    tolerance_seconds INTEGER NOT NULL,
    keep_raw          INTEGER NOT NULL DEFAULT 0,
    created_at        INTEGER NOT NULL
);

CREATE INDEX sources_by_tenant ON sources (tenant_id, created_at, id);
CREATE INDEX sources_by_provider ON sources (provider, tenant_id, created_at, id);
