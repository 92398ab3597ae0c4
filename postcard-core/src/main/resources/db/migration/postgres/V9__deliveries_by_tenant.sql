-- Claims give every tenant its share of the due deliveries (FairClaims): the tenants that owe deliveries are
-- found by skipping through this index, one probe per tenant, and each tenant's due deliveries are one range of
-- it. It replaces deliveries_due, whose single range in due order put one tenant's backlog before everyone else.
CREATE INDEX deliveries_due_by_tenant ON deliveries (status, tenant_id, next_attempt_at);

DROP INDEX deliveries_due;
