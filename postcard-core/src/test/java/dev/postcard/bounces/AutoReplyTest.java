package dev.postcard.bounces;

import static dev.postcard.bounces.Mails.crlf;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** RFC 3834 automatic responses are never bounces; bounces carrying Auto-Submitted stay bounces. */
class AutoReplyTest {
    private final BounceClassifier classifier = Bounces.classifier(new Mails.RecordingReasons());

    @Test
    void rfc3834ResponseIsAnAutoReply() {
        String mail = """
                From: Jane Doe <Jane@Example.org>
                To: news@sender.example
                Subject: Auto: Your newsletter
                Auto-Submitted: auto-replied
                In-Reply-To: <abc123@sender.example>
                Content-Type: text/plain

                I am out of the office until Monday and will reply when I am back.
                """;
        Classification c = classifier.classify(crlf(mail));

        assertThat(c.kind()).isEqualTo(MessageKind.AUTO_REPLY);
        assertThat(Mails.only(c).address()).isEqualTo("jane@example.org");
        assertThat(Mails.only(c).reason()).isEmpty();
        assertThat(c.originalMessageId()).contains("abc123@sender.example");
    }

    @Test
    void vacationSubjectsWithoutHeaders() {
        for (String subject : new String[] {"Automatic reply: Offer", "Out of Office: Offer", "Abwesenheitsnotiz: Offer",
                "Réponse automatique : Offer"}) {
            String mail = "From: a@example.org\nTo: b@example.com\nSubject: " + subject
                    + "\nContent-Type: text/plain; charset=utf-8\n\nAway.\n";
            assertThat(classifier.classify(crlf(mail)).kind()).as(subject).isEqualTo(MessageKind.AUTO_REPLY);
        }
    }

    @Test
    void bounceWithAutoSubmittedIsStillABounce() {
        String mail = """
                From: MAILER-DAEMON@mx.example.net (Mail Delivery System)
                To: sender@example.com
                Subject: Undelivered Mail Returned to Sender
                Auto-Submitted: auto-replied
                Content-Type: text/plain

                This is the mail system at host mx.example.net.

                I'm sorry to have to inform you that your message could not
                be delivered to one or more recipients.

                <nobody@example.org>: host mx.example.org[192.0.2.5] said: 550 5.1.1
                    <nobody@example.org>: Recipient address rejected: User unknown (in reply
                    to RCPT TO command)
                """;
        Classification c = classifier.classify(crlf(mail));

        assertThat(c.kind()).isEqualTo(MessageKind.BOUNCE);
        assertThat(Mails.only(c).address()).isEqualTo("nobody@example.org");
    }

    @Test
    void bounceWordsFromAPersonNamingNoOneAreNothing() {
        String mail = """
                From: Carol <carol@example.org>
                To: shop@example.com
                Subject: Delivery failed
                Content-Type: text/plain

                The courier was unable to deliver my parcel, it could not be delivered twice. Please call me.
                """;
        assertThat(classifier.classify(crlf(mail)).kind()).isEqualTo(MessageKind.NONE);
    }

    @Test
    void ordinaryMailIsNothing() {
        String mail = """
                From: Alice <alice@example.org>
                To: bob@example.com
                Subject: Lunch tomorrow?
                Content-Type: text/plain

                Hi Bob, shall we meet at noon? My other address is alice@example.net.
                """;
        assertThat(classifier.classify(crlf(mail))).isEqualTo(Classification.none());
    }
}
