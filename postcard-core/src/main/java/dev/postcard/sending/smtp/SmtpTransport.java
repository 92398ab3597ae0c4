package dev.postcard.sending.smtp;

import dev.postcard.sending.OutgoingMessage;
import dev.postcard.sending.Transport;
import dev.postcard.sending.TransportResult;
import jakarta.mail.Address;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import javax.net.ssl.SSLSocketFactory;
import org.eclipse.angus.mail.smtp.SMTPMessage;
import org.eclipse.angus.mail.smtp.SMTPTransport;

/**
 * Hands messages to an SMTP relay ({@code POSTCARD_SMTP_URL}) over a small pool of connections kept open between
 * messages. Each message goes with {@code MAIL FROM} its envelope sender and one {@code RCPT TO}, its envelope
 * recipient: the {@code To} and {@code Cc} headers are only shown, never sent to.
 * <p>
 * TLS uses the JDK's trust store and checks the relay's host name, both for {@code smtps://} and STARTTLS.
 * Connect, read and write each wait at most the settings' timeout. A connection that saw any failure is closed
 * rather than reused. Safe for concurrent use: the pool's size bounds how many messages are in flight.
 */
public final class SmtpTransport implements Transport {
    public static final String NAME = "smtp";
    /** Relays drop idle clients after a few minutes; closing ours first avoids a failed first command. */
    static final Duration MAX_IDLE = Duration.ofSeconds(30);
    private static final int HAND_OVER_STEPS = 12;

    private final SmtpSettings settings;
    private final MimeComposer composer;
    private final SmtpConnections connections;
    private final SmtpOutcomes outcomes;
    private final ScheduledExecutorService timers;

    /**
     * Each step of a hand-over waits at most the settings' timeout: the wait for a pooled connection, and on a new
     * one connect, greeting, EHLO, STARTTLS, EHLO, AUTH; then NOOP, MAIL, RCPT, DATA, the content and its reply.
     */
    @Override
    public Duration longestHandOver() {
        return settings.timeout().multipliedBy(HAND_OVER_STEPS);
    }

    public SmtpTransport(SmtpSettings settings, Clock clock) {
        this(settings, clock, Optional.empty(), System::nanoTime);
    }

    /**
     * For tests: {@code tlsSockets} replaces the JDK's default factory (to trust a test relay's certificate; host
     * names are still checked) and {@code nanoTime} the clock that ages idle connections.
     */
    SmtpTransport(SmtpSettings settings, Clock clock, Optional<SSLSocketFactory> tlsSockets, LongSupplier nanoTime) {
        this.settings = settings;
        this.composer = new MimeComposer(clock);
        this.outcomes = new SmtpOutcomes(NAME, settings);
        // Two threads: the idle sweep writes QUIT, and that write's own timeout must be able to fire meanwhile.
        ScheduledThreadPoolExecutor timers = new ScheduledThreadPoolExecutor(2, Thread.ofPlatform().daemon()
                .name("postcard-smtp-timer").factory());
        // Every write schedules a timeout and cancels it when done: drop canceled ones at once, not 30 s later.
        timers.setRemoveOnCancelPolicy(true);
        this.timers = timers;
        Session session = Session.getInstance(properties(settings, tlsSockets, timers));
        this.connections = new SmtpConnections(settings, session, nanoTime, MAX_IDLE);
        long sweep = MAX_IDLE.toMillis() / 3;
        timers.scheduleWithFixedDelay(connections::closeExpired, sweep, sweep, TimeUnit.MILLISECONDS);
    }

    /** Angus Mail's session properties for the relay. */
    static Properties properties(SmtpSettings settings, Optional<SSLSocketFactory> tlsSockets,
                                 ScheduledExecutorService timers) {
        Properties p = new Properties();
        String timeout = Long.toString(settings.timeout().toMillis());
        p.setProperty("mail.smtp.host", settings.host());
        p.setProperty("mail.smtp.port", Integer.toString(settings.port()));
        p.setProperty("mail.smtp.connectiontimeout", timeout);
        p.setProperty("mail.smtp.timeout", timeout);
        p.setProperty("mail.smtp.writetimeout", timeout);
        // One timer thread for every connection's write timeout, rather than one thread per connection.
        p.put("mail.smtp.executor.writetimeout", timers);
        p.setProperty("mail.smtp.auth", Boolean.toString(settings.user().isPresent()));
        p.setProperty("mail.smtp.ssl.enable", Boolean.toString(settings.security() == SmtpSettings.Security.IMPLICIT_TLS));
        p.setProperty("mail.smtp.starttls.enable", Boolean.toString(settings.security() != SmtpSettings.Security.IMPLICIT_TLS));
        p.setProperty("mail.smtp.starttls.required", Boolean.toString(settings.security() == SmtpSettings.Security.STARTTLS_REQUIRED));
        p.setProperty("mail.smtp.ssl.checkserveridentity", "true");
        p.put("mail.smtp.socketFactory", new NoDelaySockets());
        p.put("mail.smtp.ssl.socketFactory",
                new NoDelaySockets.Tls(tlsSockets.orElseGet(() -> (SSLSocketFactory) SSLSocketFactory.getDefault())));
        // Closing a connection need not wait for the relay's answer to QUIT.
        p.setProperty("mail.smtp.quitwait", "false");
        return p;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public TransportResult send(OutgoingMessage message) {
        SMTPMessage mime = composer.compose(message);
        Address[] recipient = {envelopeRecipient(message.envelopeTo())};
        SMTPTransport transport;
        try {
            transport = connections.take();
        } catch (SmtpConnections.Exhausted e) {
            return outcomes.exhausted(e);
        } catch (SmtpConnections.ConnectFailed e) {
            return outcomes.connectFailed(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new TransportResult.TemporaryFailure(NAME, "interrupted before the hand-over", Optional.empty());
        }
        boolean reusable = false;
        try {
            transport.sendMessage(mime, recipient);
            reusable = true;
            return outcomes.accepted(transport.getLastServerResponse());
        } catch (MessagingException e) {
            return outcomes.sendFailed(e);
        } finally {
            connections.release(transport, reusable);
        }
    }

    private static InternetAddress envelopeRecipient(String address) {
        try {
            return new InternetAddress(address, true);
        } catch (AddressException e) {
            throw new IllegalArgumentException("envelopeTo is not an email address: " + e.getMessage());
        }
    }

    @Override
    public void close() {
        connections.close();
        timers.shutdownNow();
    }
}
