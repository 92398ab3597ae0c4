package dev.postcard.bounces.intake;

import jakarta.mail.Flags;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.search.AndTerm;
import jakarta.mail.search.FlagTerm;
import jakarta.mail.search.SearchTerm;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.angus.mail.imap.IMAPFolder;
import org.eclipse.angus.mail.imap.IMAPStore;
import org.eclipse.angus.mail.iap.Response;
import org.eclipse.angus.mail.imap.protocol.BASE64MailboxEncoder;
import org.eclipse.angus.mail.imap.protocol.BODY;
import org.eclipse.angus.mail.imap.protocol.FetchResponse;
import org.eclipse.angus.mail.imap.protocol.RFC822SIZE;
import org.eclipse.angus.mail.imap.protocol.UID;

/**
 * Polls the bounce mailbox: every message not yet handled goes through {@link BounceIntake}, and only once its
 * events are durable is it moved to the processed folder (or flagged). A crash in between leaves it in place;
 * the next poll hands it to the intake again, which stores nothing twice.
 */
public final class ImapBounceMailbox implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(ImapBounceMailbox.class.getName());
    /** The keyword that marks handled mail in flag mode. */
    public static final String PROCESSED_KEYWORD = "PostcardProcessed";
    /** Bounces are small; a mail larger than this is not read into memory but set aside as handled. */
    static final long MAX_MESSAGE_SIZE = 25L << 20;
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final ImapMailboxSettings settings;
    private final BounceIntake intake;
    private final ReconnectBackoff reconnect;
    private final CountDownLatch stop = new CountDownLatch(1);
    private boolean useMove = true;
    private long maxMessageSize = MAX_MESSAGE_SIZE;
    private Store store;
    private volatile Thread poller;

    public ImapBounceMailbox(ImapMailboxSettings settings, BounceIntake intake) {
        this(settings, intake, ReconnectBackoff.DEFAULT);
    }

    /** @param reconnect how long the poller waits after a failed poll before it connects again */
    public ImapBounceMailbox(ImapMailboxSettings settings, BounceIntake intake, ReconnectBackoff reconnect) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.intake = Objects.requireNonNull(intake, "intake");
        this.reconnect = Objects.requireNonNull(reconnect, "reconnect");
    }

    /** Polls on a virtual thread until {@link #close}; errors are logged and the mailbox reconnected with backoff. */
    public synchronized ImapBounceMailbox start() {
        if (poller == null) {
            poller = Thread.ofVirtual().name("bounce-imap").start(this::run);
            LOG.info(() -> "reading bounce mail from " + settings);
        }
        return this;
    }

    private void run() {
        Duration backoff = reconnect.first();
        while (stop.getCount() > 0) {
            Duration pause;
            try {
                int handled = poll();
                if (handled > 0) {
                    LOG.info(() -> "bounce mailbox: " + handled + " mail(s) handled");
                }
                backoff = reconnect.first();
                pause = settings.interval();
            } catch (MessagingException | RuntimeException e) {
                if (stop.getCount() == 0) {
                    break;
                }
                // The exception's text comes from the server or the network, never from the URL's password.
                LOG.log(Level.WARNING, "bounce mailbox " + settings + ": " + e + "; retrying in " + readable(backoff));
                disconnect();
                pause = backoff;
                backoff = reconnect.after(backoff);
            }
            try {
                stop.await(pause.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                break;
            }
        }
        disconnect();
    }

    /**
     * One pass over the mailbox (the poller calls this; tests call it directly).
     *
     * @return how many mails were handled
     * @throws MessagingException when the mailbox cannot be read or changed; what was handled before stays handled
     * @throws RuntimeException   when the intake could not store a mail's events: that mail stays where it was
     */
    public synchronized int poll() throws MessagingException {
        Store connected = connect();
        IMAPFolder inbox = (IMAPFolder) connected.getFolder(settings.folder());
        inbox.open(Folder.READ_WRITE);
        List<Long> copied = new ArrayList<>();
        try {
            Optional<Folder> processed = processedFolder(connected);
            List<Long> uids = new ArrayList<>();
            for (Message message : inbox.search(pending())) {
                uids.add(inbox.getUID(message));
            }
            int handled = 0;
            for (long uid : uids) {
                // By UID, never by sequence number: those shift as mail is moved out (and some servers report
                // the shift late).
                Optional<byte[]> raw = read(inbox, uid);
                if (raw.isEmpty()) {
                    continue; // another client took it
                }
                if (raw.get().length > 0) {
                    intake.receive(raw.get(), Optional.empty());
                }
                // Only now, with its events durable, is the mail marked handled.
                if (markHandled(inbox, uid, processed)) {
                    copied.add(uid);
                }
                handled++;
            }
            return handled;
        } finally {
            try {
                expunge(inbox, copied);
            } finally {
                inbox.close(false);
            }
        }
    }

    /** True while the poller thread runs: from {@link #start} until {@link #close} has stopped it (tests). */
    boolean polling() {
        Thread running = poller;
        return running != null && running.isAlive();
    }

    /** Makes the mailbox copy and delete instead of MOVE, as on a server without RFC 6851 (tests). */
    synchronized void useMove(boolean move) {
        this.useMove = move;
    }

    /** Lowers the size limit (tests). */
    synchronized void maxMessageSize(long bytes) {
        this.maxMessageSize = bytes;
    }

    private SearchTerm pending() {
        FlagTerm notDeleted = new FlagTerm(new Flags(Flags.Flag.DELETED), false);
        return settings.processedFolder().isPresent() ? notDeleted
                : new AndTerm(notDeleted, new FlagTerm(new Flags(PROCESSED_KEYWORD), false));
    }

    private Optional<Folder> processedFolder(Store connected) throws MessagingException {
        if (settings.processedFolder().isEmpty()) {
            return Optional.empty();
        }
        Folder folder = connected.getFolder(settings.processedFolder().get());
        if (!folder.exists() && !folder.create(Folder.HOLDS_MESSAGES)) {
            throw new MessagingException("could not create the folder " + folder.getFullName());
        }
        return Optional.of(folder);
    }

    /**
     * The mail exactly as stored, without setting \Seen; empty when it is gone. A mail too large to be a bounce
     * is not downloaded: it reads as no bytes, and is set aside unclassified.
     */
    private Optional<byte[]> read(IMAPFolder inbox, long uid) throws MessagingException {
        Optional<FetchResponse> sized = fetch(inbox, uid, "RFC822.SIZE");
        if (sized.isEmpty()) {
            return Optional.empty();
        }
        RFC822SIZE size = sized.get().getItem(RFC822SIZE.class);
        if (size != null && size.size > maxMessageSize) {
            LOG.warning(() -> "bounce mailbox: a mail of " + size.size + " bytes is too large to be a bounce; set aside");
            return Optional.of(new byte[0]);
        }
        return fetch(inbox, uid, "BODY.PEEK[]").map(f -> f.getItem(BODY.class))
                .filter(body -> body.getByteArray() != null).map(body -> body.getByteArray().getNewBytes());
    }

    private static Optional<FetchResponse> fetch(IMAPFolder inbox, long uid, String items) throws MessagingException {
        for (Response response : command(inbox, "UID FETCH " + uid + " (UID " + items + ")", true)) {
            if (response instanceof FetchResponse fetch) {
                UID id = fetch.getItem(UID.class);
                if (id != null && id.uid == uid) {
                    return Optional.of(fetch);
                }
            }
        }
        return Optional.empty();
    }

    /** Moves or flags the mail; true when it was copied and marked deleted, so the folder needs an expunge. */
    private boolean markHandled(IMAPFolder inbox, long uid, Optional<Folder> processed) throws MessagingException {
        if (processed.isEmpty()) {
            command(inbox, "UID STORE " + uid + " +FLAGS.SILENT (\\Seen " + PROCESSED_KEYWORD + ")", false);
            return false;
        }
        String target = quoted(BASE64MailboxEncoder.encode(processed.get().getFullName()));
        if (useMove && ((IMAPStore) store).hasCapability("MOVE")) {
            command(inbox, "UID MOVE " + uid + " " + target, false);
            return false;
        }
        command(inbox, "UID COPY " + uid + " " + target, false);
        command(inbox, "UID STORE " + uid + " +FLAGS.SILENT (\\Deleted)", false);
        return true;
    }

    /** Removes the copied mail from the folder: only it with UIDPLUS, every \Deleted mail without. */
    private void expunge(IMAPFolder inbox, List<Long> copied) throws MessagingException {
        if (copied.isEmpty()) {
            return;
        }
        if (((IMAPStore) store).hasCapability("UIDPLUS")) {
            command(inbox, "UID EXPUNGE " + copied.stream().map(String::valueOf)
                    .collect(java.util.stream.Collectors.joining(",")), false);
        } else {
            inbox.expunge();
        }
    }

    /**
     * Runs one IMAP command on the open folder. Untagged responses (EXPUNGE, EXISTS, ...) go to the folder so its
     * view stays right; with {@code keepFetches}, FETCH responses are returned to the caller instead.
     */
    private static Response[] command(IMAPFolder inbox, String command, boolean keepFetches) throws MessagingException {
        return (Response[]) inbox.doCommand(protocol -> {
            Response[] responses = protocol.command(command, null);
            Response status = responses[responses.length - 1];
            List<Response> others = new ArrayList<>();
            for (int i = 0; i < responses.length - 1; i++) {
                if (!(keepFetches && responses[i] instanceof FetchResponse)) {
                    others.add(responses[i]);
                }
            }
            protocol.notifyResponseHandlers(others.toArray(Response[]::new));
            protocol.handleResult(status);
            return responses;
        });
    }

    private static String readable(Duration pause) {
        return pause.toMillis() % 1000 == 0 ? pause.toSeconds() + "s" : pause.toMillis() + "ms";
    }

    /** An IMAP quoted string. */
    private static String quoted(String text) {
        return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    private Store connect() throws MessagingException {
        if (store != null && store.isConnected()) {
            return store;
        }
        String protocol = settings.tls() ? "imaps" : "imap";
        Properties props = new Properties();
        String timeout = String.valueOf(TIMEOUT.toMillis());
        props.put("mail." + protocol + ".connectiontimeout", timeout);
        props.put("mail." + protocol + ".timeout", timeout);
        props.put("mail." + protocol + ".ssl.checkserveridentity", "true");
        if (settings.startTls()) {
            props.put("mail.imap.starttls.enable", "true");
            props.put("mail.imap.starttls.required", "true");
        }
        Store opened = Session.getInstance(props).getStore(protocol);
        opened.connect(settings.host(), settings.port(), settings.user(), settings.password());
        store = opened;
        return opened;
    }

    private synchronized void disconnect() {
        if (store != null) {
            try {
                store.close();
            } catch (MessagingException e) {
                LOG.fine(() -> "bounce mailbox: closing the connection: " + e.getMessage());
            }
            store = null;
        }
    }

    /** Stops polling: a pass under way finishes (its mail is either handled or left in place), then disconnects. */
    @Override
    public void close() {
        stop.countDown();
        Thread running = poller;
        if (running != null) {
            try {
                if (!running.join(Duration.ofSeconds(30))) {
                    running.interrupt();
                    running.join(Duration.ofSeconds(5));
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        disconnect();
    }
}
