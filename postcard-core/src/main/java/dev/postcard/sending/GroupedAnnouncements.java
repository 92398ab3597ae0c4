package dev.postcard.sending;

import java.util.ArrayList;
import java.util.List;

/**
 * Records the events of stored outcomes as hand-overs store them, in groups: a hand-over that finds no
 * announcement under way announces everything stored until none is left, the others only add theirs. So a lone
 * outcome is announced at once, and under load many share one append and one mark. Each hand-over returns after
 * its outcome is announced or handed to the announcement under way; when every hand-over of a batch returned,
 * every outcome of the batch is announced (or left to the sweep, when announcing failed).
 */
final class GroupedAnnouncements {
    private static final System.Logger LOG = System.getLogger(GroupedAnnouncements.class.getName());

    private final SendAnnouncer announcer;
    private final List<RecipientRow> pending = new ArrayList<>();
    private boolean announcing;

    GroupedAnnouncements(SendAnnouncer announcer) {
        this.announcer = announcer;
    }

    void add(RecipientRow stored) {
        synchronized (this) {
            pending.add(stored);
            if (announcing) {
                return;
            }
            announcing = true;
        }
        while (true) {
            List<RecipientRow> group;
            synchronized (this) {
                if (pending.isEmpty()) {
                    announcing = false;
                    return;
                }
                group = List.copyOf(pending);
                pending.clear();
            }
            try {
                announcer.announce(group);
            } catch (RuntimeException e) {
                // The outcomes are stored; the worker's next sweep announces them.
                LOG.log(System.Logger.Level.WARNING, "announcing " + group.size()
                        + " send outcomes failed; the next pass retries: " + e);
            }
        }
    }
}
