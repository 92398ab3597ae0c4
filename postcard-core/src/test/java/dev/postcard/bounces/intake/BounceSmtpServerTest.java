package dev.postcard.bounces.intake;

import static dev.postcard.bounces.intake.BounceFixtures.DOMAIN;
import static org.assertj.core.api.Assertions.assertThat;

import dev.postcard.Postcard;
import dev.postcard.bounces.Classification;
import dev.postcard.event.Event;
import dev.postcard.event.EventType;
import dev.postcard.testing.EachDatabase;
import dev.postcard.testing.MovableClock;
import dev.postcard.testing.TestDatabase;
import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;

/** Bounce mail over SMTP, sent by Jakarta Mail's SMTP transport (Angus): acknowledged means stored. */
class BounceSmtpServerTest {

    private static Postcard engine(TestDatabase db) {
        return Postcard.builder().databaseUrl(db.url()).deliveryWorker(false).clock(MovableClock.atStart()).build();
    }

    private static void send(int port, String to, String text) throws Exception {
        Properties props = new Properties();
        props.put("mail.smtp.host", "127.0.0.1");
        props.put("mail.smtp.port", String.valueOf(port));
        props.put("mail.smtp.from", "<>"); // the null return path of every bounce
        props.put("mail.smtp.timeout", "10000");
        Session session = Session.getInstance(props);
        MimeMessage message = new MimeMessage(session) {
            @Override
            protected void updateMessageID() {
                // An MTA resends the same bytes; Jakarta Mail would otherwise give each send a fresh Message-ID.
            }
        };
        message.setFrom(new InternetAddress("MAILER-DAEMON@mx.example.net"));
        message.setRecipient(Message.RecipientType.TO, new InternetAddress(to));
        message.setSubject("Undelivered Mail Returned to Sender");
        message.setHeader("Message-ID", "<bounce-smtp-1@mx.example.net>");
        message.setSentDate(java.util.Date.from(java.time.Instant.parse("2026-11-22T09:15:00Z")));
        message.setText(text);
        Transport.send(message);
    }

    @EachDatabase
    void aBounceSentOverSmtpIsDurableWhenTheSenderIsTold250(TestDatabase db) throws Exception {
        try (Postcard postcard = engine(db)) {
            String emailId = BounceFixtures.sent(postcard, "acme", "gone@example.net", null);
            Classification bounce = BounceFixtures.bounce(Optional.empty(), Optional.empty(), BounceFixtures.failed("gone@example.net"));
            AtomicInteger classified = new AtomicInteger();
            BounceIntake intake = BounceIntake.of(postcard, raw -> {
                assertThat(new String(raw, StandardCharsets.ISO_8859_1))
                        .contains("Subject: Undelivered Mail Returned to Sender").contains("\r\n.leading dot\r\n");
                classified.incrementAndGet();
                return bounce;
            }, List.of(DOMAIN));
            try (BounceSmtpServer server = BounceSmtpServer.start(SmtpListenerSettings.of(0, List.of(DOMAIN))
                    .withBindAddress("127.0.0.1"), intake)) {
                // Transport.send returns after the 250 to DATA: by then the event must be in the log.
                send(server.port(), "bounce+" + emailId + "@" + DOMAIN, "The mail system\n.leading dot\n");
                List<Event> bounced = BounceFixtures.events(postcard, "acme", EventType.EMAIL_BOUNCED);
                assertThat(bounced).hasSize(1);
                assertThat(bounced.getFirst().emailId()).contains(emailId);
                assertThat(bounced.getFirst().text("provider")).contains("smtp");

                // The sending MTA resends after a lost 250: nothing is stored twice.
                send(server.port(), "bounce+" + emailId + "@" + DOMAIN, "The mail system\n.leading dot\n");
                assertThat(classified).hasValue(2);
                assertThat(BounceFixtures.events(postcard, "acme", EventType.EMAIL_BOUNCED)).hasSize(1);
            }
        }
    }

    @EachDatabase
    void aFailureToStoreIsAnswered451AndTheRetryIsStored(TestDatabase db) throws Exception {
        try (Postcard postcard = engine(db)) {
            String emailId = BounceFixtures.sent(postcard, "acme", "gone@example.net", null);
            Classification bounce = BounceFixtures.bounce(Optional.empty(), Optional.empty(), BounceFixtures.failed("gone@example.net"));
            AtomicInteger attempts = new AtomicInteger();
            BounceIntake intake = new BounceIntake(raw -> bounce, postcard.store(), (tenant, events) -> {
                if (attempts.incrementAndGet() == 1) {
                    throw new IllegalStateException("database unavailable");
                }
                return postcard.record(tenant, events);
            }, postcard.clock(), List.of(DOMAIN));
            try (BounceSmtpServer server = BounceSmtpServer.start(SmtpListenerSettings.of(0, List.of(DOMAIN))
                    .withBindAddress("127.0.0.1"), intake)) {
                String mail = "Message-ID: <b-451@mx.example.net>\r\nSubject: failure\r\n\r\nbody\r\n.\r\n";
                try (RawSmtp smtp = new RawSmtp(server.port())) {
                    assertThat(smtp.reply()).startsWith("220 ");
                    assertThat(smtp.command("EHLO mx.example.net")).startsWith("250");
                    assertThat(smtp.command("MAIL FROM:<>")).startsWith("250");
                    assertThat(smtp.command("RCPT TO:<bounce+" + emailId + "@" + DOMAIN + ">")).startsWith("250");
                    assertThat(smtp.command("DATA")).startsWith("354");
                    smtp.send(mail);
                    assertThat(smtp.reply()).startsWith("451 4.3.0");
                    assertThat(BounceFixtures.events(postcard, "acme", EventType.EMAIL_BOUNCED)).isEmpty();

                    // The transaction is over; the sender tries again on the same connection.
                    assertThat(smtp.command("MAIL FROM:<>")).startsWith("250");
                    assertThat(smtp.command("RCPT TO:<bounce+" + emailId + "@" + DOMAIN + ">")).startsWith("250");
                    assertThat(smtp.command("DATA")).startsWith("354");
                    smtp.send(mail);
                    assertThat(smtp.reply()).startsWith("250 2.0.0");
                    assertThat(BounceFixtures.events(postcard, "acme", EventType.EMAIL_BOUNCED)).hasSize(1);
                    assertThat(smtp.command("QUIT")).startsWith("221");
                }
            }
        }
    }
}
