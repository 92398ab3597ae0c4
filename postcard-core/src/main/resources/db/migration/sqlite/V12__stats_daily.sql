-- Daily rollups next to the hourly stats: a 30-day query with interval=day (or none) reads 30 rows per group from
-- here, and only the hours of a partial first and last day from stats_hourly. Kept by the stats projection in
-- the same transaction as the hourly rows, so the two always agree. Days are UTC days (epoch millis of their
-- start). One writer at a time (the projector), so no shards.
CREATE TABLE stats_daily (
    tenant_id             TEXT NOT NULL,
    dimension             TEXT NOT NULL,
    bucket                INTEGER NOT NULL,
    value                 TEXT NOT NULL,
    sent                  INTEGER NOT NULL DEFAULT 0,
    delivered             INTEGER NOT NULL DEFAULT 0,
    delivery_delayed      INTEGER NOT NULL DEFAULT 0,
    bounced               INTEGER NOT NULL DEFAULT 0,
    hard_bounced          INTEGER NOT NULL DEFAULT 0,
    soft_bounced          INTEGER NOT NULL DEFAULT 0,
    complained            INTEGER NOT NULL DEFAULT 0,
    unsubscribed          INTEGER NOT NULL DEFAULT 0,
    dropped               INTEGER NOT NULL DEFAULT 0,
    opens                 INTEGER NOT NULL DEFAULT 0,
    human_opens           INTEGER NOT NULL DEFAULT 0,
    machine_opens         INTEGER NOT NULL DEFAULT 0,
    unique_human_opens    INTEGER NOT NULL DEFAULT 0,
    unique_machine_opens  INTEGER NOT NULL DEFAULT 0,
    clicks                INTEGER NOT NULL DEFAULT 0,
    human_clicks          INTEGER NOT NULL DEFAULT 0,
    machine_clicks        INTEGER NOT NULL DEFAULT 0,
    unique_human_clicks   INTEGER NOT NULL DEFAULT 0,
    unique_machine_clicks INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (tenant_id, dimension, bucket, value)
);

-- Every day the hourly rows already hold.
INSERT INTO stats_daily (tenant_id, dimension, bucket, value, sent, delivered, delivery_delayed, bounced, hard_bounced, soft_bounced, complained, unsubscribed, dropped, opens, human_opens, machine_opens, unique_human_opens, unique_machine_opens, clicks, human_clicks, machine_clicks, unique_human_clicks, unique_machine_clicks)
SELECT tenant_id, dimension, (bucket / 86400000) * 86400000 AS day, value, SUM(sent), SUM(delivered), SUM(delivery_delayed), SUM(bounced), SUM(hard_bounced), SUM(soft_bounced), SUM(complained), SUM(unsubscribed), SUM(dropped), SUM(opens), SUM(human_opens), SUM(machine_opens), SUM(unique_human_opens), SUM(unique_machine_opens), SUM(clicks), SUM(human_clicks), SUM(machine_clicks), SUM(unique_human_clicks), SUM(unique_machine_clicks)
FROM stats_hourly
GROUP BY tenant_id, dimension, day, value;
