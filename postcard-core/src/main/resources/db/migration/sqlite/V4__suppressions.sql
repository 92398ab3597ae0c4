-- The suppression list, SQLite. One row per tenant and lower-cased address: the entry in force, or an expired
-- one that the next suppression of the address replaces. announced is 0 until suppression.created is recorded.

CREATE TABLE suppressions (
    tenant_id       TEXT NOT NULL,
    address         TEXT NOT NULL,
    reason          TEXT NOT NULL,
    note            TEXT,
    source_event_id TEXT,
    created_at      INTEGER NOT NULL,
    expires_at      INTEGER,
    announced       INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (tenant_id, address)
);

CREATE INDEX suppressions_by_created ON suppressions (tenant_id, created_at, address);
CREATE INDEX suppressions_unannounced ON suppressions (announced) WHERE announced = 0;

-- Removed entries until their suppression.deleted is recorded (then the row goes).
CREATE TABLE suppression_removals (
    tenant_id  TEXT NOT NULL,
    address    TEXT NOT NULL,
    reason     TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    deleted_at INTEGER NOT NULL,
    PRIMARY KEY (tenant_id, address, created_at)
);

-- Soft bounces in a row per address since its last delivery.
CREATE TABLE soft_bounce_streaks (
    tenant_id TEXT NOT NULL,
    address   TEXT NOT NULL,
    bounces   INTEGER NOT NULL,
    PRIMARY KEY (tenant_id, address)
);
