-- Retention: when the log reached which position. The pruner adds a mark (its clock's time, the highest seq) at
-- most once an hour; events at or below the seq of the newest mark older than the retention period were stored
-- before that period began, and are deleted, oldest first, in small batches. Events have no stored time of
-- their own (created_at is the event's time, which an import may set years back), and a mark an hour costs
-- nothing on the write path.
CREATE TABLE log_marks (
    at  INTEGER PRIMARY KEY,
    seq INTEGER NOT NULL
);
