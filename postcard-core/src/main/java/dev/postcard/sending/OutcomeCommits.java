package dev.postcard.sending;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * Commits the outcomes of concurrent hand-overs together: a hand-over that finds no commit under way commits every
 * outcome waiting, until none is left; the others wait for the commit that holds theirs. Each hand-over still
 * returns only once its own outcome is committed (a crash after that never hands the copy over again), but under
 * load one flushed commit serves many.
 */
final class OutcomeCommits {
    /** One hand-over's outcome, and the row it is stored on. */
    record Stored(RecipientRow row, StepResult step) {
    }

    private record Waiting(Stored outcome, CompletableFuture<Optional<RecipientRow>> committed) {
    }

    /** Stores outcomes in one transaction and reads their rows back, in order (empty: the lease was lost). */
    @FunctionalInterface
    interface Committer {
        List<Optional<RecipientRow>> commit(List<Stored> outcomes);
    }

    private final Committer committer;
    private final List<Waiting> waiting = new ArrayList<>();
    private boolean committing;

    OutcomeCommits(Committer committer) {
        this.committer = committer;
    }

    /** Stores the outcome and reads its row back; empty when this engine's lease ran out. */
    Optional<RecipientRow> store(RecipientRow row, StepResult step) {
        Waiting mine = new Waiting(new Stored(row, step), new CompletableFuture<>());
        boolean leads;
        synchronized (this) {
            waiting.add(mine);
            leads = !committing;
            committing = true;
        }
        if (leads) {
            commitWhileWaiting();
        }
        try {
            return mine.committed().join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException cause ? cause : e;
        }
    }

    /** How many outcomes wait for a commit to start, for this package's tests. */
    synchronized int waiting() {
        return waiting.size();
    }

    private void commitWhileWaiting() {
        List<Waiting> group = List.of();
        try {
            while (true) {
                synchronized (this) {
                    if (waiting.isEmpty()) {
                        committing = false;
                        return;
                    }
                    group = List.copyOf(waiting);
                    waiting.clear();
                }
                try {
                    List<Optional<RecipientRow>> rows = committer.commit(group.stream().map(Waiting::outcome).toList());
                    for (int i = 0; i < group.size(); i++) {
                        group.get(i).committed().complete(rows.get(i));
                    }
                } catch (RuntimeException e) {
                    group.forEach(w -> w.committed().completeExceptionally(e));
                }
            }
        } catch (Error e) {
            // No hand-over may wait for ever for a commit nobody makes.
            List<Waiting> left;
            synchronized (this) {
                left = List.copyOf(waiting);
                waiting.clear();
                committing = false;
            }
            group.forEach(w -> w.committed().completeExceptionally(e));
            left.forEach(w -> w.committed().completeExceptionally(e));
            throw e;
        }
    }
}
