-- Each tenant may choose the transports its sends go through, by name and in failover order: the names joined by
-- commas (a name holds letters, digits, - and _ only). NULL sends through every configured transport.
ALTER TABLE tenants ADD COLUMN send_transports TEXT;
