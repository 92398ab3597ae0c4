import jakarta.mail.Address;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.util.Date;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The sending benchmark's baseline: Angus Mail sending the benchmark's message (multipart/alternative, the same
 * HTML, a text part, the same headers) to the sink over CONCURRENCY kept-open connections, one recipient per
 * message, as fast as it can. No queue, no tracking, nothing stored.
 *
 *   java BareSend HOST PORT WARMUP_S DURATION_S CONCURRENCY
 *
 * Prints "PHASE measure" when the measured part starts and "RESULT messages=N seconds=S rate=R" at the end.
 */
public final class BareSend {
    public static void main(String[] args) throws Exception {
        String host = args[0];
        int port = Integer.parseInt(args[1]);
        long warmup = Long.parseLong(args[2]);
        long duration = Long.parseLong(args[3]);
        int concurrency = Integer.parseInt(args[4]);
        Properties props = new Properties();
        props.put("mail.smtp.host", host);
        props.put("mail.smtp.port", String.valueOf(port));
        props.put("mail.smtp.connectiontimeout", "10000");
        props.put("mail.smtp.timeout", "30000");
        Session session = Session.getInstance(props);
        String html = SendContent.html();
        String text = html.replaceAll("<[^>]+>", " ");
        AtomicLong sent = new AtomicLong();
        AtomicBoolean stop = new AtomicBoolean();
        CountDownLatch done = new CountDownLatch(concurrency);
        for (int w = 0; w < concurrency; w++) {
            int worker = w;
            Thread.ofPlatform().start(() -> {
                try (Transport transport = session.getTransport("smtp")) {
                    transport.connect();
                    for (long i = 0; !stop.get(); i++) {
                        String to = "reader" + worker + "-" + i + "@example.net";
                        MimeMessage message = compose(session, to, html, text, worker + "-" + i);
                        transport.sendMessage(message, new Address[] {new InternetAddress(to)});
                        sent.incrementAndGet();
                    }
                } catch (MessagingException e) {
                    e.printStackTrace();
                } finally {
                    done.countDown();
                }
            });
        }
        Thread.sleep(warmup * 1000);
        long start = sent.get();
        long t0 = System.nanoTime();
        System.out.println("PHASE measure");
        System.out.flush();
        Thread.sleep(duration * 1000);
        long messages = sent.get() - start;
        double seconds = (System.nanoTime() - t0) / 1e9;
        stop.set(true);
        done.await();
        System.out.printf("RESULT messages=%d seconds=%.1f rate=%.0f%n", messages, seconds, messages / seconds);
    }

    private static MimeMessage compose(Session session, String to, String html, String text, String id)
            throws MessagingException {
        MimeMessage message = new MimeMessage(session);
        try {
            message.setFrom(new InternetAddress(SendContent.FROM, true));
        } catch (jakarta.mail.internet.AddressException e) {
            throw new MessagingException("from", e);
        }
        message.setRecipient(Message.RecipientType.TO, new InternetAddress(to));
        message.setSubject(SendContent.SUBJECT, "UTF-8");
        message.setSentDate(new Date());
        message.setHeader("X-Postcard-Email-Id", "msg_bare" + id);
        message.setHeader("List-Unsubscribe", "<https://postcard.example/u/" + id + ">");
        message.setHeader("List-Unsubscribe-Post", "List-Unsubscribe=One-Click");
        MimeMultipart alternative = new MimeMultipart("alternative");
        MimeBodyPart plain = new MimeBodyPart();
        plain.setText(text, "UTF-8", "plain");
        plain.setHeader("Content-Transfer-Encoding", "quoted-printable");
        MimeBodyPart rich = new MimeBodyPart();
        rich.setText(html, "UTF-8", "html");
        rich.setHeader("Content-Transfer-Encoding", "quoted-printable");
        alternative.addBodyPart(plain);
        alternative.addBodyPart(rich);
        message.setContent(alternative);
        message.saveChanges();
        message.setHeader("Message-ID", "<" + id + "@shop.example>");
        return message;
    }
}
