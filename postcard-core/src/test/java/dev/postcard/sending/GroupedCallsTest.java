package dev.postcard.sending;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class GroupedCallsTest {
    @Test
    @org.junit.jupiter.api.Timeout(30)
    void callsWaitingWhileAGroupRunsShareTheNextAndEachGetsItsOwnAnswer() throws Exception {
        CountDownLatch firstCommitStarted = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        List<Integer> groupSizes = new ArrayList<>();
        GroupedCalls<RecipientRow, java.util.Optional<RecipientRow>> commits = new GroupedCalls<>(outcomes -> {
            synchronized (groupSizes) {
                groupSizes.add(outcomes.size());
            }
            if (groupSizes.size() == 1) {
                firstCommitStarted.countDown();
                await(release);
            }
            return outcomes.stream().map(java.util.Optional::of).toList();
        });
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            Future<?> first = threads.submit(() -> assertThat(commits.call(row("msg_0"))).hasValue(row("msg_0")));
            firstCommitStarted.await();
            List<Future<?>> rest = new ArrayList<>();
            for (int i = 1; i <= 5; i++) {
                String id = "msg_" + i;
                rest.add(threads.submit(() -> assertThat(commits.call(row(id))).hasValue(row(id))));
            }
            while (commits.waiting() < 5) { // the five wait behind the first commit
                Thread.sleep(5);
            }
            release.countDown();
            first.get();
            for (Future<?> one : rest) {
                one.get();
            }
        }
        assertThat(groupSizes).as("the first alone, then the five that waited behind it together").containsExactly(1, 5);
    }

    @Test
    void aFailedGroupFailsEveryCallInItAndTheNextGroupStillRuns() {
        boolean[] failNext = {true};
        GroupedCalls<RecipientRow, java.util.Optional<RecipientRow>> commits = new GroupedCalls<>(outcomes -> {
            if (failNext[0]) {
                failNext[0] = false;
                throw new IllegalStateException("database down");
            }
            return outcomes.stream().map(java.util.Optional::of).toList();
        });

        assertThatThrownBy(() -> commits.call(row("msg_1"))).hasMessage("database down");
        assertThat(commits.call(row("msg_2"))).hasValue(row("msg_2"));
    }

    private static RecipientRow row(String emailId) {
        java.time.Instant at = java.time.Instant.parse("2030-01-01T00:00:00Z");
        return new RecipientRow("default", emailId, "snd_1", "a@example.com", SendStatus.SENDING, at, 0,
                java.util.Optional.empty(), java.util.Optional.empty(), java.util.Optional.empty(),
                java.util.Optional.empty(), java.util.Optional.empty(), java.util.Optional.empty(),
                java.util.Optional.empty(), java.util.Optional.empty(), false, at, at, "app@example.org", "Hi",
                List.of(), dev.postcard.event.EventCodec.MAPPER.createObjectNode(), java.util.Optional.empty(),
                java.util.Optional.empty());
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }
}
