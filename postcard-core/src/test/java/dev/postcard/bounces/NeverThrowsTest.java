package dev.postcard.bounces;

import static dev.postcard.bounces.Mails.crlf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Hostile and broken input: the classifier answers every time, with bounded work, and never throws. */
class NeverThrowsTest {
    private final BounceClassifier classifier = Bounces.classifier();
    private static final List<String> FIXTURES = List.of(DsnTest.TWO_RECIPIENTS, ComplaintTest.ARF);

    private Classification classify(byte[] raw) {
        Classification c = classifier.classify(raw);
        assertThat(c).isNotNull();
        return c;
    }

    @Test
    void nullAndEmpty() {
        assertThat(classifier.classify(null)).isEqualTo(Classification.none());
        assertThat(classifier.classify(new byte[0])).isEqualTo(Classification.none());
    }

    @Test
    void randomBytes() {
        Random random = new Random(20261122);
        assertTimeoutPreemptively(Duration.ofSeconds(30), () -> {
            for (int i = 0; i < 500; i++) {
                byte[] raw = new byte[random.nextInt(4096)];
                random.nextBytes(raw);
                classify(raw);
            }
        });
    }

    @Test
    void everyTruncationOfRealReports() {
        assertTimeoutPreemptively(Duration.ofSeconds(30), () -> {
            for (String fixture : FIXTURES) {
                byte[] full = crlf(fixture);
                for (int length = 0; length < full.length; length += 7) {
                    classify(java.util.Arrays.copyOf(full, length));
                }
            }
        });
    }

    @Test
    void randomCorruptionOfRealReports() {
        Random random = new Random(7);
        assertTimeoutPreemptively(Duration.ofSeconds(30), () -> {
            for (String fixture : FIXTURES) {
                for (int i = 0; i < 200; i++) {
                    byte[] raw = crlf(fixture);
                    for (int j = 0; j < 1 + random.nextInt(20); j++) {
                        raw[random.nextInt(raw.length)] = (byte) random.nextInt(256);
                    }
                    classify(raw);
                }
            }
        });
    }

    @Test
    void hugeHeaderAndHugeBody() {
        String big = "X-Junk: " + "a".repeat(2_000_000) + "\r\nFrom: MAILER-DAEMON@x.example\r\nSubject: "
                + "Undelivered ".repeat(50_000) + "\r\n\r\n" + "<a@b.example>: 550 5.1.1 nope\r\n".repeat(100_000);
        assertTimeoutPreemptively(Duration.ofSeconds(30),
                () -> classify(big.getBytes(StandardCharsets.US_ASCII)));
    }

    @Test
    void deepMultipartNesting() {
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
        assertTimeoutPreemptively(Duration.ofSeconds(30),
                () -> classify(mail.toString().getBytes(StandardCharsets.US_ASCII)));
    }

    @Test
    void manyPartsAndManyRecipientBlocks() {
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
        assertTimeoutPreemptively(Duration.ofSeconds(30),
                () -> classify(mail.toString().getBytes(StandardCharsets.US_ASCII)));
    }

    @Test
    void nestedReturnedMessages() {
        String inner = "From: MAILER-DAEMON@x.example\r\nSubject: Returned mail\r\nMIME-Version: 1.0\r\n"
                + "Content-Type: message/rfc822\r\n\r\n";
        String mail = inner.repeat(3000) + "From: a@b.example\r\n\r\nhello\r\n";
        assertTimeoutPreemptively(Duration.ofSeconds(30),
                () -> classify(mail.getBytes(StandardCharsets.US_ASCII)));
    }
}
