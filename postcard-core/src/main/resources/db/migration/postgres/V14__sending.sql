-- The send queue (POST /v1/emails). A send holds the content once, attachments included; each recipient of it has
-- a row of its own (its email_id, its status, its attempts). Times are epoch milliseconds.
--
-- Idempotency: idempotency_key is unique per tenant while it is kept (key_expires_at); a request with the same key
-- and the same body_hash (SHA-256 of the canonical request) gets answer again, the 202 body stored with the send.
CREATE TABLE sends (
    id               TEXT NOT NULL,
    tenant_id        TEXT NOT NULL,
    idempotency_key  TEXT,
    body_hash        TEXT NOT NULL,
    answer           TEXT NOT NULL,
    key_expires_at   BIGINT,
    sender           TEXT NOT NULL,
    to_list          TEXT NOT NULL,
    cc_list          TEXT NOT NULL,
    reply_to_list    TEXT NOT NULL,
    subject          TEXT NOT NULL,
    html             TEXT,
    text_body        TEXT,
    headers          TEXT NOT NULL,
    attachments      TEXT NOT NULL,
    tags             TEXT NOT NULL,
    metadata         TEXT NOT NULL,
    track_opens      BOOLEAN NOT NULL,
    track_clicks     BOOLEAN NOT NULL,
    template_id      TEXT,
    template_version INTEGER,
    send_at          BIGINT,
    created_at       BIGINT NOT NULL,
    PRIMARY KEY (tenant_id, id)
);

CREATE UNIQUE INDEX sends_by_idempotency_key ON sends (tenant_id, idempotency_key) WHERE idempotency_key IS NOT NULL;

-- One row per recipient. status: queued | scheduled | sending | sent | bounced | failed | dropped | canceled.
-- A row is due when queued, scheduled or sending (a lease that ran out: its engine died) and next_attempt_at has
-- come. The outcome of the last step (sent, bounced, failed, dropped, canceled, or delayed for a retry) is stored
-- before its event is recorded; outcome_recorded is false in between, and a sweep records what a crash left.
-- outcome_reason says why a copy was dropped or failed; for sent, the provider that knows the message by
-- provider_message_id (smtp: the Message-ID, which returned mail names).
CREATE TABLE send_recipients (
    email_id            TEXT NOT NULL,
    tenant_id           TEXT NOT NULL,
    send_id             TEXT NOT NULL,
    position            INTEGER NOT NULL,
    recipient           TEXT NOT NULL,
    status              TEXT NOT NULL,
    next_attempt_at     BIGINT NOT NULL,
    attempts            INTEGER NOT NULL DEFAULT 0,
    lease_owner         TEXT,
    lease_until         BIGINT,
    transport           TEXT,
    response            TEXT,
    provider_message_id TEXT,
    last_error          TEXT,
    outcome             TEXT,
    outcome_reason      TEXT,
    outcome_at          BIGINT,
    outcome_recorded    BOOLEAN NOT NULL DEFAULT TRUE,
    created_at          BIGINT NOT NULL,
    updated_at          BIGINT NOT NULL,
    PRIMARY KEY (tenant_id, email_id)
);

CREATE INDEX send_recipients_due ON send_recipients (next_attempt_at)
    WHERE status IN ('queued', 'scheduled', 'sending');
CREATE INDEX send_recipients_unrecorded ON send_recipients (outcome_at) WHERE NOT outcome_recorded;
CREATE INDEX send_recipients_by_send ON send_recipients (tenant_id, send_id, position);
