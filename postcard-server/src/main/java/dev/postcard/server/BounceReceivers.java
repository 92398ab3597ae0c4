package dev.postcard.server;

import dev.postcard.Postcard;
import dev.postcard.PostcardException;
import dev.postcard.bounces.BounceClassifier;
import dev.postcard.bounces.intake.BounceIntake;
import dev.postcard.bounces.intake.BounceSmtpServer;
import dev.postcard.bounces.intake.ImapBounceMailbox;
import dev.postcard.bounces.intake.ImapMailboxSettings;
import dev.postcard.bounces.intake.SmtpListenerSettings;
import java.io.IOException;
import java.util.Optional;
import java.util.logging.Logger;

/**
 * The ways bounce mail reaches the engine, as configured: the IMAP mailbox poller ({@code POSTCARD_IMAP_URL})
 * and the SMTP listener ({@code POSTCARD_SMTP_PORT} for {@code POSTCARD_BOUNCE_DOMAIN}). Either, both or none.
 */
final class BounceReceivers implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(BounceReceivers.class.getName());

    private final Optional<ImapBounceMailbox> mailbox;
    private final Optional<BounceSmtpServer> smtp;

    private BounceReceivers(Optional<ImapBounceMailbox> mailbox, Optional<BounceSmtpServer> smtp) {
        this.mailbox = mailbox;
        this.smtp = smtp;
    }

    static BounceReceivers none() {
        return new BounceReceivers(Optional.empty(), Optional.empty());
    }

    /**
     * Starts what the config asks for.
     *
     * @throws PostcardException when the SMTP port cannot be bound
     */
    static BounceReceivers start(ServerConfig config, Postcard postcard, Optional<BounceClassifier> classifier) {
        boolean wanted = config.imapUrl().isPresent() || config.smtpPort() > 0;
        if (!wanted) {
            return none();
        }
        if (classifier.isEmpty()) {
            LOG.warning("bounce mail is configured (POSTCARD_IMAP_URL or POSTCARD_SMTP_PORT) but this build has no "
                    + "bounce classifier; bounce mail is not read");
            return none();
        }
        BounceIntake intake = BounceIntake.of(postcard, classifier.get(), config.bounceDomains());
        Optional<BounceSmtpServer> smtp = Optional.empty();
        if (config.smtpPort() > 0) {
            try {
                smtp = Optional.of(BounceSmtpServer.start(
                        SmtpListenerSettings.of(config.smtpPort(), config.bounceDomains()), intake));
            } catch (IOException e) {
                throw new PostcardException("cannot listen for bounce mail on port " + config.smtpPort() + ": "
                        + e.getMessage(), e);
            }
        }
        // The URL was checked when the settings were read.
        Optional<ImapBounceMailbox> mailbox = config.imapUrl()
                .map(url -> new ImapBounceMailbox(ImapMailboxSettings.parse(url.toString()), intake).start());
        return new BounceReceivers(mailbox, smtp);
    }

    /** The SMTP listener's port, when it runs. */
    Optional<Integer> smtpPort() {
        return smtp.map(BounceSmtpServer::port);
    }

    /** Stops taking bounce mail; what was not yet acknowledged is retried by its sender or read again later. */
    @Override
    public void close() {
        smtp.ifPresent(BounceSmtpServer::close);
        mailbox.ifPresent(ImapBounceMailbox::close);
    }
}
