package dev.postcard.server.connection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.postcard.server.HttpTimeouts;
import dev.postcard.server.connection.RequestProgress.Wait;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The deadline of each read a connection makes, on the monotonic clock the connection hands in (here, made-up
 * instants in seconds): the wall clock has no say, so a step of it closes nothing.
 */
class RequestProgressTest {
    private static final long S = 1_000_000_000L;
    private static final HttpTimeouts TIMEOUTS = HttpTimeouts.DEFAULT.withIdleTimeout(Duration.ofSeconds(60))
            .withHeaderTimeout(Duration.ofSeconds(20)).withBodyTimeout(Duration.ofSeconds(30));

    @Test
    void aNewConnectionMayWaitTheIdleTimeoutForItsFirstRequestAndIsThenClosedUnanswered() {
        RequestProgress progress = new RequestProgress(TIMEOUTS, 100 * S);

        assertThat(progress.nextRead(true, 130 * S)).isEqualTo(new Wait(160 * S, false));
    }

    @Test
    void aRequestLineOnceBegunHasTheHeaderTimeoutAndIsAnswered408() {
        RequestProgress progress = new RequestProgress(TIMEOUTS, 100 * S);
        progress.nextRead(true, 100 * S);
        progress.received(5, 110 * S);

        assertThat(progress.nextRead(true, 111 * S)).isEqualTo(new Wait(130 * S, true));
        progress.requestLineRead(112 * S);
        assertThat(progress.nextRead(false, 113 * S)).as("the headers, in the same 20 s").isEqualTo(new Wait(130 * S, true));
    }

    @Test
    void theBodyHasItsOwnTimeoutFromTheFirstWaitForIt() {
        RequestProgress progress = new RequestProgress(TIMEOUTS, 100 * S);
        progress.received(100, 100 * S);
        progress.requestLineRead(100 * S);
        progress.headersRead();

        assertThat(progress.nextRead(false, 101 * S)).isEqualTo(new Wait(131 * S, true));
        progress.received(HttpTimeouts.BODY_BYTES_PER_SECOND, 102 * S);
        assertThat(progress.nextRead(false, 103 * S).deadline()).as("a second more per 16 KiB received")
                .isCloseTo(132 * S, within(S / 1000));
        progress.answerStarted();
        assertThat(progress.nextRead(false, 104 * S).answerable()).as("no 408 once the answer began").isFalse();
    }

    @Test
    void aKeptAliveConnectionIsIdleFromTheEndOfItsPreviousRequest() {
        RequestProgress progress = new RequestProgress(TIMEOUTS, 100 * S);
        progress.received(100, 100 * S);
        progress.requestLineRead(100 * S);
        progress.headersRead();

        assertThat(progress.nextRead(true, 500 * S)).isEqualTo(new Wait(560 * S, false));
        assertThat(progress.nextRead(true, 530 * S)).as("still the same wait").isEqualTo(new Wait(560 * S, false));
    }
}
