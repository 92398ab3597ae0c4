package dev.postcard.bounces;

import static dev.postcard.bounces.Mails.crlf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.postcard.bounces.reasons.ReasonRules;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Hostile and broken input: the classifier answers every time, with bounded work. {@link BounceClassifier#classify}
 * turns any exception into "none", so these tests call the classification under that catch: an exception a
 * reader throws fails them, and where the input is a real report its kind must still be read.
 */
class NeverThrowsTest {
    private final MailBounceClassifier classifier = new MailBounceClassifier(new ReasonRules());
    private static final List<Fixture> FIXTURES = List.of(
            new Fixture(DsnTest.TWO_RECIPIENTS, MessageKind.BOUNCE),
            new Fixture(ComplaintTest.ARF, MessageKind.COMPLAINT));

    private record Fixture(String text, MessageKind kind) {
    }

    private Classification classify(byte[] raw) {
        return classifier.classifyUnguarded(raw);
    }

    @Test
    void nullAndEmpty() {
        assertThat(classifier.classify(null)).isEqualTo(Classification.none());
        assertThat(classifier.classify(new byte[0])).isEqualTo(Classification.none());
    }

    @Test
    void randomBytesAreNoReport() {
        Random random = new Random(20261122);
        assertTimeoutPreemptively(Duration.ofSeconds(30), () -> {
            for (int i = 0; i < 500; i++) {
                byte[] raw = new byte[random.nextInt(4096)];
                random.nextBytes(raw);
                assertThat(classify(raw).kind()).as("random message %d", i).isEqualTo(MessageKind.NONE);
            }
        });
    }

    @Test
    void everyTruncationOfRealReportsIsReadAsItsKindOnceLongEnough() {
        assertTimeoutPreemptively(Duration.ofSeconds(30), () -> {
            for (Fixture fixture : FIXTURES) {
                MessageKind kind = fixture.kind();
                byte[] full = crlf(fixture.text());
                assertThat(classify(full).kind()).as("the whole report").isEqualTo(kind);
                int firstRead = -1;
                for (int length = 0; length < full.length; length += 7) {
                    MessageKind read = classify(Arrays.copyOf(full, length)).kind();
                    if (read == kind && firstRead < 0) {
                        firstRead = length;
                    }
                    // A longer prefix of a report is never understood less than a shorter one.
                    assertThat(read).as("%s cut at %d of %d bytes (first read at %d)", kind, length, full.length,
                            firstRead).isEqualTo(firstRead < 0 ? MessageKind.NONE : kind);
                }
                assertThat(firstRead).as("%s: some truncation is still read", kind).isPositive();
            }
        });
    }

    @Test
    void randomCorruptionOfRealReportsIsReadAsItsKindOrNone() {
        Random random = new Random(7);
        assertTimeoutPreemptively(Duration.ofSeconds(30), () -> {
            for (Fixture fixture : FIXTURES) {
                MessageKind kind = fixture.kind();
                int read = 0;
                for (int i = 0; i < 200; i++) {
                    byte[] raw = crlf(fixture.text());
                    for (int j = 0; j < 1 + random.nextInt(20); j++) {
                        raw[random.nextInt(raw.length)] = (byte) random.nextInt(256);
                    }
                    MessageKind got = classify(raw).kind();
                    assertThat(got).as("%s corrupted, round %d", kind, i).isIn(kind, MessageKind.NONE);
                    read += got == kind ? 1 : 0;
                }
                // At most twenty bytes of some 1,600 changed: most copies still say what they are.
                assertThat(read).as("%s copies still read", kind).isGreaterThan(150);
            }
        });
    }

    @Test
    void hugeHeaderAndHugeBodyStillReadAsTheBounceTheyHold() {
        String big = "X-Junk: " + "a".repeat(2_000_000) + "\r\nFrom: MAILER-DAEMON@x.example\r\nSubject: "
                + "Undelivered ".repeat(50_000) + "\r\n\r\n" + "<a@b.example>: 550 5.1.1 nope\r\n".repeat(100_000);
        Classification c = assertTimeoutPreemptively(Duration.ofSeconds(30),
                () -> classify(big.getBytes(StandardCharsets.US_ASCII)));
        assertThat(c.kind()).isEqualTo(MessageKind.BOUNCE);
        assertThat(c.recipients()).singleElement().satisfies(r -> {
            assertThat(r.address()).isEqualTo("a@b.example");
            assertThat(r.action()).isEqualTo("failed");
            assertThat(r.statusCode()).contains("5.1.1");
        });
    }

    @Test
    void deepMultipartNestingIsStillABounce() {
        StringBuilder mail = new StringBuilder("From: MAILER-DAEMON@x.example\r\nSubject: Returned mail\r\nMIME-Version: 1.0\r\n");
        int depth = 2000;
        for (int i = 0; i < depth; i++) {
            mail.append("Content-Type: multipart/mixed; boundary=\"b").append(i).append("\"\r\n\r\n--b").append(i)
                    .append("\r\n");
        }
        mail.append("Content-Type: text/plain\r\n\r\n<a@b.example>: 550 5.1.1 nope\r\n");
        for (int i = depth - 1; i >= 0; i--) {
            mail.append("--b").append(i).append("--\r\n");
        }
        Classification c = assertTimeoutPreemptively(Duration.ofSeconds(30),
                () -> classify(mail.toString().getBytes(StandardCharsets.US_ASCII)));
        // The text lies deeper than the parser reads; the sender and subject still say bounce.
        assertThat(c.kind()).isEqualTo(MessageKind.BOUNCE);
    }

    @Test
    void manyPartsBeforeTheReportStillMakeABounce() {
        StringBuilder mail = new StringBuilder("From: MAILER-DAEMON@x.example\r\nSubject: Returned mail\r\n"
                + "MIME-Version: 1.0\r\nContent-Type: multipart/report; report-type=delivery-status; boundary=\"z\"\r\n\r\n");
        for (int i = 0; i < 5000; i++) {
            mail.append("--z\r\nContent-Type: text/plain\r\n\r\npart ").append(i).append("\r\n");
        }
        mail.append("--z\r\nContent-Type: message/delivery-status\r\n\r\nReporting-MTA: dns; x.example\r\n\r\n");
        for (int i = 0; i < 20000; i++) {
            mail.append("Final-Recipient: rfc822; r").append(i).append("@example.org\r\nAction: failed\r\nStatus: 5.1.1\r\n\r\n");
        }
        mail.append("--z--\r\n");
        Classification c = assertTimeoutPreemptively(Duration.ofSeconds(30),
                () -> classify(mail.toString().getBytes(StandardCharsets.US_ASCII)));
        // The report lies past the parts the parser reads; the sender and subject still say bounce.
        assertThat(c.kind()).isEqualTo(MessageKind.BOUNCE);
    }

    @Test
    void manyRecipientBlocksAreReadAsTheBounceTheyHold() {
        StringBuilder mail = new StringBuilder("From: MAILER-DAEMON@x.example\r\nSubject: Returned mail\r\n"
                + "MIME-Version: 1.0\r\nContent-Type: multipart/report; report-type=delivery-status; boundary=\"z\"\r\n\r\n");
        mail.append("--z\r\nContent-Type: message/delivery-status\r\n\r\nReporting-MTA: dns; x.example\r\n\r\n");
        for (int i = 0; i < 20000; i++) {
            mail.append("Final-Recipient: rfc822; r").append(i).append("@example.org\r\nAction: failed\r\nStatus: 5.1.1\r\n\r\n");
        }
        mail.append("--z--\r\n");
        Classification c = assertTimeoutPreemptively(Duration.ofSeconds(30),
                () -> classify(mail.toString().getBytes(StandardCharsets.US_ASCII)));
        assertThat(c.kind()).isEqualTo(MessageKind.BOUNCE);
        // As many as fit in the text the parser keeps of one part, each as its block says.
        assertThat(c.recipients()).hasSizeBetween(1000, 20000).allSatisfy(r -> {
            assertThat(r.action()).isEqualTo("failed");
            assertThat(r.statusCode()).contains("5.1.1");
        });
        assertThat(c.recipients().getFirst().address()).isEqualTo("r0@example.org");
    }

    @Test
    void nestedReturnedMessagesAreStillABounce() {
        String inner = "From: MAILER-DAEMON@x.example\r\nSubject: Returned mail\r\nMIME-Version: 1.0\r\n"
                + "Content-Type: message/rfc822\r\n\r\n";
        String mail = inner.repeat(3000) + "From: a@b.example\r\n\r\nhello\r\n";
        Classification c = assertTimeoutPreemptively(Duration.ofSeconds(30),
                () -> classify(mail.getBytes(StandardCharsets.US_ASCII)));
        assertThat(c.kind()).isEqualTo(MessageKind.BOUNCE);
    }
}
