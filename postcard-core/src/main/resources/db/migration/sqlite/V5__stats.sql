-- Statistics, SQLite. Delivery and engagement aggregates, maintained in the transaction that stores each event (never by
-- scanning the log). One row per tenant, dimension (all, tag, domain, provider), hour bucket (epoch millis
-- of the UTC hour of created_at) and value ('' for all), split in shards: concurrent writers (PostgreSQL's writer
-- threads) add to shards of their own instead of queueing on one hot row until commit; reads sum the shards.
-- The key leads with the bucket after the dimension, so a period of one dimension is one contiguous range.
CREATE TABLE stats_hourly (
    tenant_id             TEXT NOT NULL,
    dimension             TEXT NOT NULL,
    bucket                INTEGER NOT NULL,
    value                 TEXT NOT NULL,
    shard                 INTEGER NOT NULL,
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
    PRIMARY KEY (tenant_id, dimension, bucket, value, shard)
);

-- The first of each kind (human open, machine click, ...) of a message whose id another tenant holds: only the
-- event whose insert lands here counts as unique. Other messages' uniques come from their own counters.
CREATE TABLE stats_firsts (
    tenant_id TEXT NOT NULL,
    email_id  TEXT NOT NULL,
    kind      TEXT NOT NULL,
    PRIMARY KEY (tenant_id, email_id, kind)
);

-- Clicks per link of one message.
CREATE TABLE link_clicks_by_email (
    tenant_id    TEXT NOT NULL,
    email_id     TEXT NOT NULL,
    url          TEXT NOT NULL,
    total        INTEGER NOT NULL DEFAULT 0,
    human        INTEGER NOT NULL DEFAULT 0,
    unique_human INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (tenant_id, email_id, url)
);

-- Clicks per link, tag ('' for every message) and hour bucket, sharded as stats_hourly.
CREATE TABLE link_clicks_hourly (
    tenant_id    TEXT NOT NULL,
    tag          TEXT NOT NULL,
    bucket       INTEGER NOT NULL,
    url          TEXT NOT NULL,
    shard        INTEGER NOT NULL,
    total        INTEGER NOT NULL DEFAULT 0,
    human        INTEGER NOT NULL DEFAULT 0,
    unique_human INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (tenant_id, tag, bucket, url, shard)
);
