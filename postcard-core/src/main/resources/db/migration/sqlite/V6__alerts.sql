-- Alerts, SQLite. Timestamps and bucket starts are epoch milliseconds.

-- Per tenant and minute (bucket_start, by the event's own time), what the alert rates are computed from;
-- maintained in each event's append transaction, so duplicates (never appended) are never counted.
CREATE TABLE alert_counts (
    tenant_id    TEXT NOT NULL,
    bucket_start INTEGER NOT NULL,
    sent         INTEGER NOT NULL DEFAULT 0,
    delivered    INTEGER NOT NULL DEFAULT 0,
    bounced      INTEGER NOT NULL DEFAULT 0,
    complained   INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (tenant_id, bucket_start)
);

-- One row per tenant and kind (bounce_rate, complaint_rate) once it first triggered. The figures are those of
-- the last change of state; announced is false from a crossing until its alert.triggered event is recorded.
CREATE TABLE alert_states (
    tenant_id      TEXT NOT NULL,
    kind           TEXT NOT NULL,
    state          TEXT NOT NULL,
    since          INTEGER NOT NULL,
    rate           REAL NOT NULL,
    threshold      REAL NOT NULL,
    window_seconds INTEGER NOT NULL,
    sent           INTEGER NOT NULL,
    delivered      INTEGER NOT NULL,
    affected       INTEGER NOT NULL,
    event_id       TEXT NOT NULL,
    announced      INTEGER NOT NULL,
    PRIMARY KEY (tenant_id, kind)
);
