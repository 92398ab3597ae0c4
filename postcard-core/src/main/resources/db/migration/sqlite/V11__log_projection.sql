-- Derived state (stats, alert counters) follows the event log from a stored position instead of being written in
-- every append transaction (LogProjector). A projection's rows and its position change in one transaction, so a
-- crash replays from the last position and counts nothing twice. SQLite has one writer: positions are given in
-- commit order, and the position is the last event seq projected. Everything already in the log was counted by
-- the append transactions that stored it, so the projection starts at the head.
CREATE TABLE log_positions (
    name     TEXT PRIMARY KEY,
    position INTEGER NOT NULL
);

INSERT INTO log_positions (name, position) SELECT 'derived', COALESCE(MAX(seq), 0) FROM events;

-- Which event was a message's first of each kind (human or machine open, human or machine click), decided in the
-- append where the message row is written anyway, so the projection can count unique opens and clicks later and
-- in any order. 0: the first came before this column existed (already counted).
ALTER TABLE messages ADD COLUMN first_human_open_seq INTEGER;
ALTER TABLE messages ADD COLUMN first_machine_open_seq INTEGER;
ALTER TABLE messages ADD COLUMN first_human_click_seq INTEGER;
ALTER TABLE messages ADD COLUMN first_machine_click_seq INTEGER;

UPDATE messages SET
    first_human_open_seq = CASE WHEN human_opens > 0 THEN 0 END,
    first_machine_open_seq = CASE WHEN opens > human_opens THEN 0 END,
    first_human_click_seq = CASE WHEN human_clicks > 0 THEN 0 END,
    first_machine_click_seq = CASE WHEN clicks > human_clicks THEN 0 END
WHERE opens > 0 OR clicks > 0;
