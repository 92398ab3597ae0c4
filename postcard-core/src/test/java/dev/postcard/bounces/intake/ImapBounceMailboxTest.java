package dev.postcard.bounces.intake;

import static dev.postcard.bounces.intake.BounceFixtures.DOMAIN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.icegreen.greenmail.user.GreenMailUser;
import com.icegreen.greenmail.util.ServerSetupTest;
import dev.postcard.Postcard;
import dev.postcard.bounces.BounceClassifier;
import dev.postcard.bounces.Classification;
import dev.postcard.event.EventType;
import dev.postcard.testing.EachDatabase;
import dev.postcard.testing.MovableClock;
import dev.postcard.testing.TestDatabase;
import jakarta.mail.Flags;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The bounce mailbox against GreenMail's IMAP server: handled mail is moved only once its events are durable. */
class ImapBounceMailboxTest {
    private static final String PASSWORD = "s3cret p@ss";
    private static final Pattern FINAL_RECIPIENT = Pattern.compile("Final-Recipient: rfc822; *(\\S+)");
    /** Stands in for the real classifier: a bounce for the DSN's Final-Recipient. */
    private static final BounceClassifier CLASSIFIER = raw -> {
        Matcher m = FINAL_RECIPIENT.matcher(new String(raw, StandardCharsets.ISO_8859_1));
        return m.find() ? BounceFixtures.bounce(Optional.empty(), Optional.empty(), BounceFixtures.failed(m.group(1)))
                : Classification.none();
    };

    private NoDelayGreenMail greenMail;
    private GreenMailUser user;

    @BeforeEach
    void startImap() {
        greenMail = new NoDelayGreenMail(ServerSetupTest.IMAP.dynamicPort());
        greenMail.start();
        user = greenMail.setUser("bounces@" + DOMAIN, "bounces", PASSWORD);
    }

    @AfterEach
    void stopImap() {
        greenMail.stop();
    }

    private String url(String query) {
        return "imap://bounces:" + PASSWORD.replace(" ", "%20").replace("@", "%40") + "@127.0.0.1:"
                + greenMail.imapPort() + "/INBOX" + query;
    }

    private static Postcard engine(TestDatabase db) {
        return Postcard.builder().databaseUrl(db.url()).deliveryWorker(false).clock(MovableClock.atStart()).build();
    }

    private static String dsn(String messageId, String emailId, String recipient) {
        return "Return-Path: <>\r\n"
                + "Delivered-To: bounce+" + emailId + "@" + DOMAIN + "\r\n"
                + "From: MAILER-DAEMON@mx.example.net\r\n"
                + "To: bounce+" + emailId + "@" + DOMAIN + "\r\n"
                + "Subject: Undelivered Mail Returned to Sender\r\n"
                + "Date: Sun, 22 Nov 2026 09:15:00 +0000\r\n"
                + "Message-ID: <" + messageId + ">\r\n"
                + "MIME-Version: 1.0\r\n"
                + "Content-Type: text/plain\r\n"
                + "\r\n"
                + "Final-Recipient: rfc822; " + recipient + "\r\n"
                + "Action: failed\r\n";
    }

    private void deliver(String raw) throws Exception {
        user.deliver(new MimeMessage(Session.getInstance(new Properties()),
                new ByteArrayInputStream(raw.getBytes(StandardCharsets.US_ASCII))));
    }

    /** Counts messages in a folder as another IMAP client sees them; -1 when the folder does not exist. */
    private int count(String folder, Flags.Flag flag) throws Exception {
        Store store = Session.getInstance(new Properties()).getStore("imap");
        store.connect("127.0.0.1", greenMail.imapPort(), "bounces", PASSWORD);
        try {
            Folder f = store.getFolder(folder);
            if (!f.exists()) {
                return -1;
            }
            f.open(Folder.READ_ONLY);
            try {
                int n = 0;
                for (Message m : f.getMessages()) {
                    if (flag == null || m.isSet(flag)) {
                        n++;
                    }
                }
                return n;
            } finally {
                f.close(false);
            }
        } finally {
            store.close();
        }
    }

    @EachDatabase
    void aPollStoresTheEventsThenMovesTheMail(TestDatabase db) throws Exception {
        try (Postcard postcard = engine(db)) {
            String a = BounceFixtures.sent(postcard, "acme", "gone@example.net", null);
            String b = BounceFixtures.sent(postcard, "acme", "left@example.org", null);
            deliver(dsn("b-1@mx.example.net", a, "gone@example.net"));
            deliver(dsn("b-2@mx.example.net", b, "left@example.org"));
            deliver("From: friend@example.net\r\nSubject: hello\r\nMessage-ID: <hi@example.net>\r\n\r\nJust mail.\r\n");

            try (ImapBounceMailbox mailbox = new ImapBounceMailbox(ImapMailboxSettings.parse(url("?processed=Processed")),
                    BounceIntake.of(postcard, CLASSIFIER, List.of(DOMAIN)))) {
                assertThat(mailbox.poll()).isEqualTo(3);
                assertThat(BounceFixtures.events(postcard, "acme", EventType.EMAIL_BOUNCED))
                        .extracting(e -> e.emailId().orElseThrow()).containsExactlyInAnyOrder(a, b);
                // Ordinary mail is acknowledged like the rest: it is handled, just not an event.
                assertThat(count("INBOX", null)).isZero();
                assertThat(count("Processed", null)).isEqualTo(3);
                assertThat(mailbox.poll()).isZero();
            }
        }
    }

    @EachDatabase
    void aFailureToStoreLeavesTheMailInTheInboxAndTheNextPollTakesIt(TestDatabase db) throws Exception {
        try (Postcard postcard = engine(db)) {
            String a = BounceFixtures.sent(postcard, "acme", "gone@example.net", null);
            deliver(dsn("b-3@mx.example.net", a, "gone@example.net"));
            BounceIntake failing = new BounceIntake(CLASSIFIER, postcard.store(), (tenant, events) -> {
                throw new IllegalStateException("database unavailable");
            }, postcard.clock(), List.of(DOMAIN));
            ImapMailboxSettings settings = ImapMailboxSettings.parse(url(""));
            try (ImapBounceMailbox mailbox = new ImapBounceMailbox(settings, failing)) {
                assertThatThrownBy(mailbox::poll).hasMessageContaining("database unavailable");
            }
            assertThat(count("INBOX", null)).isEqualTo(1);
            assertThat(count("Processed", null)).isZero();
            assertThat(BounceFixtures.events(postcard, "acme", EventType.EMAIL_BOUNCED)).isEmpty();

            try (ImapBounceMailbox mailbox = new ImapBounceMailbox(settings,
                    BounceIntake.of(postcard, CLASSIFIER, List.of(DOMAIN)))) {
                assertThat(mailbox.poll()).isEqualTo(1);
            }
            assertThat(count("INBOX", null)).isZero();
            assertThat(count("Processed", null)).isEqualTo(1);
            assertThat(BounceFixtures.events(postcard, "acme", EventType.EMAIL_BOUNCED)).hasSize(1);
        }
    }

    @EachDatabase
    void mailWhoseEventsAreStoredButThatWasNotMovedIsNotStoredTwice(TestDatabase db) throws Exception {
        try (Postcard postcard = engine(db)) {
            String a = BounceFixtures.sent(postcard, "acme", "gone@example.net", null);
            String raw = dsn("b-4@mx.example.net", a, "gone@example.net");
            deliver(raw);
            BounceIntake intake = BounceIntake.of(postcard, CLASSIFIER, List.of(DOMAIN));
            // The crash: the previous poll stored the events and died before moving the mail.
            AtomicInteger storedNow = new AtomicInteger();
            try (ImapBounceMailbox mailbox = new ImapBounceMailbox(ImapMailboxSettings.parse(url("")),
                    new BounceIntake(CLASSIFIER, postcard.store(), (tenant, events) -> {
                        var results = postcard.record(tenant, events);
                        storedNow.addAndGet((int) results.stream().filter(r -> !r.duplicate()).count());
                        return results;
                    }, postcard.clock(), List.of(DOMAIN)))) {
                assertThat(intake.receive(raw.getBytes(StandardCharsets.US_ASCII), Optional.empty()).stored()).isEqualTo(1);
                assertThat(mailbox.poll()).isEqualTo(1);
            }
            assertThat(storedNow).hasValue(0);
            assertThat(BounceFixtures.events(postcard, "acme", EventType.EMAIL_BOUNCED)).hasSize(1);
            assertThat(count("Processed", null)).isEqualTo(1);
        }
    }

    @EachDatabase
    void inFlagModeHandledMailStaysMarkedAndIsSkipped(TestDatabase db) throws Exception {
        try (Postcard postcard = engine(db)) {
            String a = BounceFixtures.sent(postcard, "acme", "gone@example.net", null);
            deliver(dsn("b-5@mx.example.net", a, "gone@example.net"));
            try (ImapBounceMailbox mailbox = new ImapBounceMailbox(ImapMailboxSettings.parse(url("?processed=flag")),
                    BounceIntake.of(postcard, CLASSIFIER, List.of(DOMAIN)))) {
                assertThat(mailbox.poll()).isEqualTo(1);
                assertThat(count("INBOX", Flags.Flag.SEEN)).isEqualTo(1);
                assertThat(count("Processed", null)).isEqualTo(-1);
                deliver(dsn("b-6@mx.example.net", a, "other@example.net"));
                assertThat(mailbox.poll()).isEqualTo(1);
                assertThat(mailbox.poll()).isZero();
            }
            assertThat(BounceFixtures.events(postcard, "acme", EventType.EMAIL_BOUNCED)).hasSize(2);
        }
    }

    @EachDatabase
    void withoutMoveTheMailIsCopiedDeletedAndExpunged(TestDatabase db) throws Exception {
        try (Postcard postcard = engine(db)) {
            String a = BounceFixtures.sent(postcard, "acme", "gone@example.net", null);
            deliver(dsn("b-7@mx.example.net", a, "gone@example.net"));
            deliver(dsn("b-8@mx.example.net", a, "other@example.net"));
            try (ImapBounceMailbox mailbox = new ImapBounceMailbox(ImapMailboxSettings.parse(url("?processed=Archive")),
                    BounceIntake.of(postcard, CLASSIFIER, List.of(DOMAIN)))) {
                mailbox.useMove(false);
                assertThat(mailbox.poll()).isEqualTo(2);
            }
            assertThat(count("INBOX", null)).isZero();
            assertThat(count("Archive", null)).isEqualTo(2);
        }
    }

    @EachDatabase
    @Timeout(20) // under the 30 s that close() waits for the poller: a poller that ignores close() fails here
    void thePollerRetriesAfterAnErrorAndStopsWhenClosed(TestDatabase db) throws Exception {
        try (Postcard postcard = engine(db)) {
            String a = BounceFixtures.sent(postcard, "acme", "gone@example.net", null);
            deliver(dsn("b-9@mx.example.net", a, "gone@example.net"));
            AtomicInteger attempts = new AtomicInteger();
            CountDownLatch stored = new CountDownLatch(1);
            CountDownLatch closing = new CountDownLatch(1);
            BounceIntake flaky = new BounceIntake(CLASSIFIER, postcard.store(), (tenant, events) -> {
                if (attempts.incrementAndGet() == 1) {
                    throw new IllegalStateException("database unavailable");
                }
                var results = postcard.record(tenant, events);
                stored.countDown();
                try {
                    // The pass, its mail not moved yet, goes on only as close() begins: close() must wait for it.
                    closing.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return results;
            }, postcard.clock(), List.of(DOMAIN));
            // The poll interval stays at its default minute: only the reconnect delay can bring the retry.
            ReconnectBackoff quick = new ReconnectBackoff(Duration.ofMillis(10), Duration.ofMillis(10));
            ImapBounceMailbox mailbox = new ImapBounceMailbox(ImapMailboxSettings.parse(url("")), flaky, quick).start();
            try {
                assertThat(stored.await(15, TimeUnit.SECONDS)).as("the retry stored the bounce").isTrue();
            } finally {
                closing.countDown();
                mailbox.close();
            }
            assertThat(mailbox.polling()).as("the poller has ended when close returns").isFalse();
            assertThat(attempts).hasValue(2);
            assertThat(count("INBOX", null)).isZero();
            assertThat(count("Processed", null)).isEqualTo(1);
            assertThat(BounceFixtures.events(postcard, "acme", EventType.EMAIL_BOUNCED)).hasSize(1);
        }
    }

    @EachDatabase
    void mailTooLargeToBeABounceIsSetAsideUnread(TestDatabase db) throws Exception {
        try (Postcard postcard = engine(db)) {
            String a = BounceFixtures.sent(postcard, "acme", "gone@example.net", null);
            deliver(dsn("b-11@mx.example.net", a, "gone@example.net") + "x".repeat(4_000) + "\r\n");
            AtomicInteger classified = new AtomicInteger();
            try (ImapBounceMailbox mailbox = new ImapBounceMailbox(ImapMailboxSettings.parse(url("")),
                    BounceIntake.of(postcard, raw -> {
                        classified.incrementAndGet();
                        return CLASSIFIER.classify(raw);
                    }, List.of(DOMAIN)))) {
                mailbox.maxMessageSize(1_000);
                assertThat(mailbox.poll()).isEqualTo(1);
            }
            assertThat(classified).hasValue(0);
            assertThat(count("Processed", null)).isEqualTo(1);
            assertThat(BounceFixtures.events(postcard, "acme", EventType.EMAIL_BOUNCED)).isEmpty();
        }
    }

    @Test
    void aWrongPasswordFailsThePollWithoutQuotingIt() throws Exception {
        String wrong = url("").replace(PASSWORD.replace(" ", "%20").replace("@", "%40"), "wrong-hunter2");
        BounceIntake intake = new BounceIntake(CLASSIFIER, null, (t, e) -> List.of(), MovableClock.atStart(),
                List.of(DOMAIN));
        try (ImapBounceMailbox mailbox = new ImapBounceMailbox(ImapMailboxSettings.parse(wrong), intake)) {
            assertThatThrownBy(mailbox::poll).isInstanceOf(jakarta.mail.AuthenticationFailedException.class)
                    .satisfies(e -> assertThat(String.valueOf(e.getMessage())).doesNotContain("hunter2"));
        }
    }
}
