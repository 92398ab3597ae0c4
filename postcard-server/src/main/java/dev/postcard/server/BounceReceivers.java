package dev.postcard.server;

import dev.postcard.Postcard;
import dev.postcard.PostcardException;
import dev.postcard.bounces.intake.BounceIntake;
import dev.postcard.bounces.intake.BounceSmtpServer;
import dev.postcard.bounces.intake.ImapBounceMailbox;
import dev.postcard.bounces.intake.ImapMailboxSettings;
import dev.postcard.bounces.intake.SmtpListenerSettings;
import java.io.IOException;
import java.util.Optional;

/**
 * The ways bounce mail reaches the engine, as configured: the IMAP mailbox poller ({@code POSTCARD_IMAP_URL})
 * and the SMTP listener ({@code POSTCARD_SMTP_PORT} for {@code POSTCARD_BOUNCE_DOMAIN}). Either, both or none.
 */
final class BounceReceivers implements AutoCloseable {

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
    static BounceReceivers start(ServerConfig config, Postcard postcard) {
        boolean wanted = config.imapUrl().isPresent() || config.smtpPort() > 0;
        if (!wanted) {
            return none();
        }
        BounceIntake intake = BounceIntake.of(postcard, postcard.bounceClassifier(), config.bounceDomains());
        Optional<BounceSmtpServer> smtp = Optional.empty();
        if (config.smtpPort() > 0) {
            try {
                smtp = Optional.of(BounceSmtpServer.start(
                        SmtpListenerSettings.of(config.smtpPort(), config.bounceDomains())
                                .withBindAddress(config.bindAddress()), intake));
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
