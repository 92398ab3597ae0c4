-- Message ids are per tenant: two tenants may each have a message msg_order_1, and one tenant's ids tell
-- another nothing. The key becomes (tenant_id, id); every row is kept.
--
-- id_was_global is true for the messages that existed while ids were global. Links made then (and bounce mail
-- naming an id) carry no tenant: when such an id is held by several tenants later, it still means this one.
-- Added with the default TRUE (the existing rows, without rewriting the table), then FALSE for new rows.
ALTER TABLE messages ADD COLUMN id_was_global BOOLEAN NOT NULL DEFAULT TRUE;
ALTER TABLE messages ALTER COLUMN id_was_global SET DEFAULT FALSE;

ALTER TABLE messages DROP CONSTRAINT messages_pkey;
ALTER TABLE messages ADD PRIMARY KEY (tenant_id, id);

-- An id without its tenant (see id_was_global) is looked up in every tenant.
CREATE INDEX messages_by_id ON messages (id);
