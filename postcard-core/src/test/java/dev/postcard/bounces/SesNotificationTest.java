package dev.postcard.bounces;

import static dev.postcard.bounces.Mails.crlf;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Amazon SES notifications that reach us as mail from an SNS email subscription. */
class SesNotificationTest {
    private final BounceClassifier classifier = Bounces.classifier(new Mails.RecordingReasons());

    private static String mail(String json) {
        return """
                From: AWS Notifications <no-reply@sns.amazonaws.com>
                To: ops@sender.example
                Subject: AWS Notification Message
                Content-Type: text/plain; charset=UTF-8

                %s

                --
                If you wish to stop receiving notifications from this topic, please click the link below.
                """.formatted(json);
    }

    @Test
    void bounce() {
        String json = """
                {"notificationType":"Bounce","bounce":{"bounceType":"Permanent","bounceSubType":"General",\
                "bouncedRecipients":[{"emailAddress":"Gone@Example.com","action":"failed","status":"5.1.1",\
                "diagnosticCode":"smtp; 550 5.1.1 user unknown"}],"reportingMTA":"dsn; a1-2.smtp-out.amazonses.com"},\
                "mail":{"messageId":"0100abc","destination":["gone@example.com"]}}""";
        Classification c = classifier.classify(crlf(mail(json)));

        assertThat(c.kind()).isEqualTo(MessageKind.BOUNCE);
        RecipientReport r = Mails.only(c);
        assertThat(r.address()).isEqualTo("gone@example.com");
        assertThat(r.statusCode()).contains("5.1.1");
        assertThat(r.replyCode()).contains("550");
        assertThat(c.reportingMta()).contains("a1-2.smtp-out.amazonses.com");
    }

    @Test
    void complaintWithWrappedLine() {
        // SNS mail breaks long lines by inserting "!" + line break + space
        String json = "{\"notificationType\":\"Complaint\",\"complaint\":{\"complainedRecipients\":[{\"emailAddress\":"
                + "\"reader@exam!\n ple.org\"}],\"complaintFeedbackType\":\"abuse\",\"userAgent\":\"Yahoo!-Mail\"},"
                + "\"mail\":{\"messageId\":\"0100def\"}}";
        Classification c = classifier.classify(crlf(mail(json)));

        assertThat(c.kind()).isEqualTo(MessageKind.COMPLAINT);
        assertThat(c.complaint().orElseThrow().feedbackType()).isEqualTo("abuse");
        assertThat(c.complaint().orElseThrow().reportedRecipients()).containsExactly("reader@example.org");
    }

    @Test
    void deliveryInsideTheSnsEnvelope() {
        String inner = "{\\\"notificationType\\\":\\\"Delivery\\\",\\\"delivery\\\":{\\\"recipients\\\":"
                + "[\\\"ok@example.net\\\"],\\\"smtpResponse\\\":\\\"250 2.6.0 Message received\\\"}}";
        String json = "{\"Type\":\"Notification\",\"MessageId\":\"x\",\"Message\":\"" + inner + "\"}";
        Classification c = classifier.classify(crlf(mail(json)));

        assertThat(c.kind()).isEqualTo(MessageKind.DELIVERY_REPORT);
        assertThat(Mails.only(c).statusCode()).contains("2.6.0");
        assertThat(Mails.only(c).replyCode()).contains("250");
    }
}
