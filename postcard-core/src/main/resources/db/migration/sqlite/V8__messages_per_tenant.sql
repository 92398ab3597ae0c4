-- Message ids are per tenant: two tenants may each have a message msg_order_1, and one tenant's ids tell
-- another nothing. The key becomes (tenant_id, id); SQLite cannot change a primary key in place, so the table
-- is rebuilt with every row kept.
--
-- id_was_global is 1 for the messages that existed while ids were global. Links made then (and bounce mail
-- naming an id) carry no tenant: when such an id is held by several tenants later, it still means this one.
CREATE TABLE messages_per_tenant (
    id                  TEXT NOT NULL,
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
    updated_at          INTEGER NOT NULL,
    id_was_global       INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (tenant_id, id)
);

INSERT INTO messages_per_tenant (id, tenant_id, recipient, sender, subject, tags, metadata, provider,
                                 provider_message_id, status, status_rank, opens, human_opens, clicks, human_clicks,
                                 delivered_at, first_opened_at, created_at, updated_at, id_was_global)
SELECT id, tenant_id, recipient, sender, subject, tags, metadata, provider, provider_message_id, status, status_rank,
       opens, human_opens, clicks, human_clicks, delivered_at, first_opened_at, created_at, updated_at, 1
FROM messages;

DROP TABLE messages;

ALTER TABLE messages_per_tenant RENAME TO messages;

CREATE INDEX messages_by_provider_id ON messages (provider, provider_message_id, tenant_id);

-- An id without its tenant (see id_was_global) is looked up in every tenant.
CREATE INDEX messages_by_id ON messages (id);
