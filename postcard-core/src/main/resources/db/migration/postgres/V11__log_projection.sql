-- Derived state (stats, alert counters) follows the event log from a stored position instead of being written in
-- every append transaction (LogProjector). A projection's rows and its position change in one transaction, so a
-- crash replays from the last position and counts nothing twice.
--
-- PostgreSQL's writers run side by side, and an event's seq is taken when it is inserted, not when it commits:
-- "every seq after the last one projected" would skip a seq whose transaction commits after a later one. So
-- each append transaction also writes one row here, keyed by its transaction id, with the seqs it stored. A
-- transaction id below pg_snapshot_xmin(pg_current_snapshot()) belongs to a transaction that has ended, so the
-- projection takes the rows below that horizon in transaction id order, and its position is the last
-- transaction id projected: nothing can appear below it later.
CREATE TABLE log_commits (
    tx   xid8 PRIMARY KEY DEFAULT pg_current_xact_id(),
    seqs BIGINT[] NOT NULL
);

CREATE TABLE log_positions (
    name     TEXT PRIMARY KEY,
    position BIGINT NOT NULL
);

-- Everything already in the log was counted by the append transactions that stored it: the projection starts
-- after this transaction, and every later append has a higher transaction id.
INSERT INTO log_positions (name, position) VALUES ('derived', pg_current_xact_id()::text::bigint);

-- Which event was a message's first of each kind (human or machine open, human or machine click), decided in the
-- append where the message row is written anyway (its row lock orders concurrent writers), so the projection can
-- count unique opens and clicks later and in any order. 0: the first came before these columns (already counted).
ALTER TABLE messages
    ADD COLUMN first_human_open_seq BIGINT,
    ADD COLUMN first_machine_open_seq BIGINT,
    ADD COLUMN first_human_click_seq BIGINT,
    ADD COLUMN first_machine_click_seq BIGINT;

UPDATE messages SET
    first_human_open_seq = CASE WHEN human_opens > 0 THEN 0 END,
    first_machine_open_seq = CASE WHEN opens > human_opens THEN 0 END,
    first_human_click_seq = CASE WHEN human_clicks > 0 THEN 0 END,
    first_machine_click_seq = CASE WHEN clicks > human_clicks THEN 0 END
WHERE opens > 0 OR clicks > 0;
