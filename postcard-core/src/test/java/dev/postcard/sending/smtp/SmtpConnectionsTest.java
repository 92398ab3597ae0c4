package dev.postcard.sending.smtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.mail.Session;
import java.io.IOException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.angus.mail.smtp.SMTPTransport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The pool on its own: its bound, what it keeps and what it closes. */
@Timeout(30)
class SmtpConnectionsTest {
    private final AtomicLong nanos = new AtomicLong();
    private final ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor();
    private ScriptedRelay relay;
    private SmtpConnections pool;

    @BeforeEach
    void start() throws IOException {
        relay = new ScriptedRelay().start();
        SmtpSettings settings = SmtpSettings.parse("smtp://127.0.0.1:" + relay.port() + "?starttls=optional&pool=1&timeout=2s");
        pool = new SmtpConnections(settings, Session.getInstance(SmtpTransport.properties(settings, Optional.empty(), timers)),
                nanos::get, Duration.ofSeconds(30));
    }

    @AfterEach
    void stop() throws IOException {
        pool.close();
        timers.shutdownNow();
        relay.close();
    }

    @Test
    void noMoreConnectionsThanThePoolAreHandedOut() throws Exception {
        SMTPTransport first = pool.take();
        assertThatThrownBy(pool::take).isInstanceOf(SmtpConnections.Exhausted.class)
                .hasMessage("all 1 connections to the relay stayed busy for 2000 ms");
        pool.release(first, true);
        assertThat(pool.take()).isSameAs(first);
        assertThat(relay.connections()).isEqualTo(1);
    }

    @Test
    void aConnectionGivenBackAfterAFailureIsClosed() throws Exception {
        SMTPTransport first = pool.take();
        pool.release(first, false);
        assertThat(first.isConnected()).isFalse();
        SMTPTransport second = pool.take();
        assertThat(second).isNotSameAs(first);
        assertThat(relay.connections()).isEqualTo(2);
    }

    @Test
    void expiredIdleConnectionsAreClosedBySweeping() throws Exception {
        SMTPTransport first = pool.take();
        pool.release(first, true);
        nanos.addAndGet(Duration.ofSeconds(30).toNanos());
        pool.closeExpired();
        assertThat(first.isConnected()).as("30 s idle is not yet too long").isTrue();
        nanos.addAndGet(Duration.ofSeconds(1).toNanos());
        pool.closeExpired();
        assertThat(first.isConnected()).isFalse();
    }

    @Test
    void closingThePoolClosesIdleConnectionsAndThoseGivenBackLater() throws Exception {
        SMTPTransport held = pool.take();
        pool.close();
        pool.release(held, true);
        assertThat(held.isConnected()).isFalse();
        assertThatThrownBy(pool::take).isInstanceOf(IllegalStateException.class);
    }
}
