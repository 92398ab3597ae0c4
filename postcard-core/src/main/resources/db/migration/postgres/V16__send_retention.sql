-- Retention of the send queue: finished copies are found by when they finished (outcome_at), the sends they
-- leave without copies by when they were created, oldest first. The list of statuses is the one the pruning query
-- names, so SQLite uses this partial index.
CREATE INDEX send_recipients_finished ON send_recipients (outcome_at)
    WHERE status IN ('sent', 'bounced', 'failed', 'dropped', 'canceled');
CREATE INDEX sends_by_created ON sends (created_at);
