package dev.postcard.sending.smtp;

import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import java.time.Duration;
import java.util.Deque;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.eclipse.angus.mail.smtp.SMTPTransport;

/**
 * Connections to the relay, at most {@code pool} open at once, kept between messages. A connection is checked
 * when taken (one {@code NOOP}): one the relay closed while it was idle is replaced, so the message goes out on a
 * fresh one rather than failing. A connection idle for longer than {@code maxIdle} is closed, before relays
 * drop it themselves (RFC 5321 gives them five minutes; many take less).
 */
final class SmtpConnections implements AutoCloseable {
    private record Idle(SMTPTransport transport, long since) {
    }

    private final SmtpSettings settings;
    private final Session session;
    private final LongSupplier nanoTime;
    private final long maxIdleNanos;
    private final Semaphore permits;
    /** Most recently used first: the oldest sink to the end and are the ones left to expire. */
    private final Deque<Idle> idle = new ConcurrentLinkedDeque<>();
    private volatile boolean closed;

    SmtpConnections(SmtpSettings settings, Session session, LongSupplier nanoTime, Duration maxIdle) {
        this.settings = settings;
        this.session = session;
        this.nanoTime = nanoTime;
        this.maxIdleNanos = maxIdle.toNanos();
        this.permits = new Semaphore(settings.pool(), true);
    }

    /** No connection came free within the timeout: every one is busy with another message. */
    static final class Exhausted extends Exception {
        Exhausted(String message) {
            super(message);
        }
    }

    /**
     * A new connection failed: refused, timed out, TLS, the greeting or authentication.
     *
     * @param code  the relay's last reply code, -1 when it never answered
     * @param reply the relay's last reply, empty when it never answered
     */
    static final class ConnectFailed extends Exception {
        final int code;
        final String reply;

        ConnectFailed(MessagingException cause, int code, String reply) {
            super(cause.getMessage(), cause);
            this.code = code;
            this.reply = reply == null ? "" : reply;
        }
    }

    /**
     * A connected transport, for the caller alone until {@link #release}.
     *
     * @throws Exhausted     when all connections stay busy for the settings' timeout
     * @throws ConnectFailed when no idle connection was usable and a new one failed
     */
    SMTPTransport take() throws Exhausted, ConnectFailed, InterruptedException {
        if (closed) {
            throw new IllegalStateException("the SMTP transport is closed");
        }
        if (!permits.tryAcquire(settings.timeout().toMillis(), TimeUnit.MILLISECONDS)) {
            throw new Exhausted("all " + settings.pool() + " connections to the relay stayed busy for "
                    + settings.timeout().toMillis() + " ms");
        }
        try {
            Idle candidate;
            while ((candidate = idle.pollFirst()) != null) {
                if (nanoTime.getAsLong() - candidate.since() > maxIdleNanos) {
                    quietlyClose(candidate.transport());
                } else if (candidate.transport().isConnected()) { // sends NOOP; closes the transport when it fails
                    return candidate.transport();
                }
            }
            return open();
        } catch (ConnectFailed | RuntimeException e) {
            permits.release();
            throw e;
        }
    }

    /** Gives a transport back: kept when {@code reusable}, else closed. */
    void release(SMTPTransport transport, boolean reusable) {
        try {
            if (reusable && !closed) {
                idle.addFirst(new Idle(transport, nanoTime.getAsLong()));
                if (closed) { // close() ran between the check and the add
                    closeIdle(-1);
                }
            } else {
                quietlyClose(transport);
            }
        } finally {
            permits.release();
        }
    }

    /** Closes the connections idle for longer than the limit; run now and then so none lingers. */
    void closeExpired() {
        closeIdle(maxIdleNanos);
    }

    private void closeIdle(long olderThanNanos) {
        long now = nanoTime.getAsLong();
        for (Idle candidate : idle) {
            if (now - candidate.since() > olderThanNanos && idle.removeFirstOccurrence(candidate)) {
                quietlyClose(candidate.transport());
            }
        }
    }

    private SMTPTransport open() throws ConnectFailed {
        SMTPTransport transport;
        try {
            transport = (SMTPTransport) session.getTransport("smtp");
        } catch (MessagingException e) {
            throw new IllegalStateException("Angus Mail provides the smtp transport", e);
        }
        try {
            transport.connect(settings.host(), settings.port(), settings.user().orElse(null),
                    settings.password().orElse(null));
            return transport;
        } catch (MessagingException e) {
            ConnectFailed failed = new ConnectFailed(e, transport.getLastReturnCode(), transport.getLastServerResponse());
            quietlyClose(transport);
            throw failed;
        } catch (RuntimeException e) {
            quietlyClose(transport);
            throw e;
        }
    }

    private static void quietlyClose(SMTPTransport transport) {
        try {
            transport.close();
        } catch (MessagingException | RuntimeException e) {
            // the connection is being dropped: a failing QUIT changes nothing
        }
    }

    @Override
    public void close() {
        closed = true;
        closeIdle(-1);
    }
}
