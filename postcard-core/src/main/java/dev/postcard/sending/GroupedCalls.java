package dev.postcard.sending;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * Runs the calls of concurrent hand-overs together: a caller that finds no group under way runs every call
 * waiting, group after group, until none is left; the others wait for the group that holds theirs. Each caller
 * returns once its own call is done, but under load one transaction serves many (the send worker stores its
 * outcomes this way, then announces them).
 *
 * @param <T> what a call hands in
 * @param <R> what it answers
 */
final class GroupedCalls<T, R> {
    /** Runs a group of calls in one go: one answer for each, in their order. */
    @FunctionalInterface
    interface Group<T, R> {
        List<R> run(List<T> calls);
    }

    private record Waiting<T, R>(T call, CompletableFuture<R> done) {
    }

    private final Group<T, R> group;
    private final List<Waiting<T, R>> waiting = new ArrayList<>();
    private boolean running;

    GroupedCalls(Group<T, R> group) {
        this.group = group;
    }

    /** Runs {@code call} in the next group and answers what the group answered for it, or throws what it threw. */
    R call(T call) {
        Waiting<T, R> mine = new Waiting<>(call, new CompletableFuture<>());
        boolean leads;
        synchronized (this) {
            waiting.add(mine);
            leads = !running;
            running = true;
        }
        if (leads) {
            runWhileWaiting();
        }
        try {
            return mine.done().join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException cause ? cause : e;
        }
    }

    /** How many calls wait for a group to start, for this package's tests. */
    synchronized int waiting() {
        return waiting.size();
    }

    private void runWhileWaiting() {
        List<Waiting<T, R>> taken = List.of();
        try {
            while (true) {
                synchronized (this) {
                    if (waiting.isEmpty()) {
                        running = false;
                        return;
                    }
                    taken = List.copyOf(waiting);
                    waiting.clear();
                }
                try {
                    List<R> answers = group.run(taken.stream().map(Waiting::call).toList());
                    for (int i = 0; i < taken.size(); i++) {
                        taken.get(i).done().complete(answers.get(i));
                    }
                } catch (RuntimeException e) {
                    taken.forEach(w -> w.done().completeExceptionally(e));
                }
            }
        } catch (Error e) {
            // No caller may wait for ever for a group nobody runs.
            List<Waiting<T, R>> left;
            synchronized (this) {
                left = List.copyOf(waiting);
                waiting.clear();
                running = false;
            }
            taken.forEach(w -> w.done().completeExceptionally(e));
            left.forEach(w -> w.done().completeExceptionally(e));
            throw e;
        }
    }
}
