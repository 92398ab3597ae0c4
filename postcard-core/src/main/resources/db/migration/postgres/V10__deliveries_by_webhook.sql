-- Claims also give every webhook of a tenant its share (FairClaims): a receiver that answers slowly, with a
-- backlog of its own, must not fill the claims while the tenant's other webhooks wait. The webhooks that owe
-- deliveries are found by skipping through this index within a tenant, and each webhook's due deliveries are
-- one range of it. The tenants are still found on its first two columns.
CREATE INDEX deliveries_due_by_webhook ON deliveries (status, tenant_id, webhook_id, next_attempt_at);

DROP INDEX deliveries_due_by_tenant;
