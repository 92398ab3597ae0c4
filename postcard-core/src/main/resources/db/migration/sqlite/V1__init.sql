-- Postcard schema, SQLite. Timestamps are epoch milliseconds; JSON values are stored as text.

CREATE TABLE tenants (
    id         TEXT PRIMARY KEY,
    name       TEXT NOT NULL,
    created_at INTEGER NOT NULL
);

INSERT INTO tenants (id, name, created_at)
VALUES ('default', 'Default', CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER));

CREATE TABLE api_keys (
    id         TEXT PRIMARY KEY,
    tenant_id  TEXT NOT NULL REFERENCES tenants (id),
    name       TEXT NOT NULL,
    key_prefix TEXT NOT NULL,
    key_hash   TEXT NOT NULL UNIQUE,
    admin      INTEGER NOT NULL DEFAULT 0,
    created_at INTEGER NOT NULL,
    revoked_at INTEGER
);

CREATE INDEX api_keys_by_tenant ON api_keys (tenant_id, created_at, id);

-- Message ids are global (tracking hits carry no tenant), so id alone is the key.
CREATE TABLE messages (
    id                  TEXT PRIMARY KEY,
    tenant_id           TEXT NOT NULL,
    recipient           TEXT,
    sender              TEXT,
    subject             TEXT,
    tags                TEXT NOT NULL DEFAULT '[]',
    metadata            TEXT NOT NULL DEFAULT '{}',
    provider            TEXT,
    provider_message_id TEXT,
    status              TEXT NOT NULL,
    status_rank         INTEGER NOT NULL,
    opens               INTEGER NOT NULL DEFAULT 0,
    human_opens         INTEGER NOT NULL DEFAULT 0,
    clicks              INTEGER NOT NULL DEFAULT 0,
    human_clicks        INTEGER NOT NULL DEFAULT 0,
    delivered_at        INTEGER,
    first_opened_at     INTEGER,
    created_at          INTEGER NOT NULL,
    updated_at          INTEGER NOT NULL
);

-- tenant_id last: led by it, the planner may pick this index for "WHERE id = ? AND tenant_id = ?".
CREATE INDEX messages_by_provider_id ON messages (provider, provider_message_id, tenant_id);

-- AUTOINCREMENT: a log position is never reused, even after the newest row is deleted.
CREATE TABLE events (
    seq        INTEGER PRIMARY KEY AUTOINCREMENT,
    tenant_id  TEXT NOT NULL,
    id         TEXT NOT NULL,
    type       TEXT NOT NULL,
    email_id   TEXT,
    recipient  TEXT,
    created_at INTEGER NOT NULL,
    payload    TEXT NOT NULL,
    UNIQUE (tenant_id, id)
);

CREATE INDEX events_by_tenant ON events (tenant_id, seq);
CREATE INDEX events_by_email ON events (tenant_id, email_id, seq);
CREATE INDEX events_by_recipient ON events (tenant_id, recipient, seq);
CREATE INDEX events_by_type ON events (tenant_id, type, seq);

CREATE TABLE settings (
    name  TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
