package dev.postcard.bounces;

import static dev.postcard.bounces.Mails.crlf;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/** Transfer encodings, charsets and broken MIME in the returned mail. */
class MimeDecodingTest {
    private final BounceClassifier classifier = Bounces.classifier(new Mails.RecordingReasons());

    private static final String JAPANESE_BODY = """
            次のアドレスへの送信に失敗しました。

            <taro@example.jp>:
            550 5.1.1 <taro@example.jp>... User unknown
            """;

    @Test
    void iso2022jpBodyAndEncodedWordSubject() {
        Charset jis = Charset.forName("ISO-2022-JP");
        String head = """
                From: =?ISO-2022-JP?B?GyRCJWEhPCVrJUclaiVQJWobKEI=?= <MAILER-DAEMON@mx.example.jp>
                To: sender@example.com
                Subject: =?ISO-2022-JP?B?GyRCJWEhPCVrJE4kKkZPJDEkRyQtJF4kOyRzJEckNyQ/GyhC?=
                MIME-Version: 1.0
                Content-Type: text/plain; charset=ISO-2022-JP
                Content-Transfer-Encoding: 7bit

                """;
        byte[] mail = concat(crlf(head), crlf(JAPANESE_BODY, jis));
        Classification c = classifier.classify(mail);

        assertThat(c.kind()).isEqualTo(MessageKind.BOUNCE);
        assertThat(Mails.only(c).address()).isEqualTo("taro@example.jp");
        assertThat(Mails.only(c).statusCode()).contains("5.1.1");
    }

    @Test
    void shiftJisQuotedPrintable() {
        byte[] sjis = crlf(JAPANESE_BODY, Charset.forName("Shift_JIS"));
        String head = """
                From: MAILER-DAEMON@mx.example.jp
                To: sender@example.com
                Subject: Returned mail
                MIME-Version: 1.0
                Content-Type: text/plain; charset=Shift_JIS
                Content-Transfer-Encoding: quoted-printable

                """;
        Classification c = classifier.classify(concat(crlf(head), quotedPrintable(sjis)));

        assertThat(Mails.only(c).address()).isEqualTo("taro@example.jp");
        assertThat(Mails.only(c).replyCode()).contains("550");
    }

    @Test
    void base64TextPart() {
        String body = Base64.getMimeEncoder().encodeToString(crlf("""
                This is the mail system at host mx.example.com.

                <gone@example.org>: host mx.example.org[192.0.2.1] said: 550 5.1.1 User unknown
                """));
        String mail = """
                From: MAILER-DAEMON@mx.example.com
                To: sender@example.com
                Subject: Undelivered Mail Returned to Sender
                MIME-Version: 1.0
                Content-Type: text/plain; charset=utf-8
                Content-Transfer-Encoding: base64

                """ + body + "\n";
        assertThat(Mails.only(classifier.classify(crlf(mail))).statusCode()).contains("5.1.1");
    }

    @Test
    void multipartWithoutItsBoundaryIsReadAsText() {
        String mail = """
                From: MAILER-DAEMON@mx.example.com
                To: sender@example.com
                Subject: Undelivered Mail Returned to Sender
                MIME-Version: 1.0
                Content-Type: multipart/report; report-type=delivery-status

                The mail system

                <gone@example.org>: host mx.example.org[192.0.2.1] said: 550 5.1.1 User unknown

                Reporting-MTA: dns; mx.example.com

                Final-Recipient: rfc822; gone@example.org
                Action: failed
                Status: 5.1.1
                """;
        Classification c = classifier.classify(crlf(mail));

        assertThat(c.kind()).isEqualTo(MessageKind.BOUNCE);
        assertThat(Mails.only(c).address()).isEqualTo("gone@example.org");
        assertThat(Mails.only(c).statusCode()).contains("5.1.1");
    }

    @Test
    void postcardIdOnlyWhenItIsOne() {
        String good = DsnTest.TWO_RECIPIENTS;
        String bad = good.replace("msg_01HZY3K5V7Q8R9S0T1W2X3Y4Z5", "msg_not-a-ulid");
        assertThat(classifier.classify(crlf(good)).postcardEmailId()).contains("msg_01HZY3K5V7Q8R9S0T1W2X3Y4Z5");
        assertThat(classifier.classify(crlf(bad)).postcardEmailId()).isEmpty();
    }

    @Test
    void mailboxFileWithTwoReports() {
        String one = """
                From MAILER-DAEMON  Mon Jan  1 10:00:00 2024
                From: MAILER-DAEMON@mx.example.com
                To: sender@example.com
                Subject: Undelivered Mail Returned to Sender
                Content-Type: text/plain

                This is the mail system at host mx.example.com.

                <%s>: host mx.example.org[192.0.2.1] said: 550 5.1.1 User unknown

                """;
        String mbox = one.formatted("a@example.org") + one.formatted("b@example.org");
        Classification c = classifier.classify(crlf(mbox));

        assertThat(c.recipients()).extracting(RecipientReport::address).containsExactly("a@example.org", "b@example.org");
    }

    private static byte[] quotedPrintable(byte[] bytes) {
        StringBuilder out = new StringBuilder();
        int column = 0;
        for (int i = 0; i < bytes.length; i++) {
            int b = bytes[i] & 0xff;
            String piece;
            if (b == '\r' && i + 1 < bytes.length && bytes[i + 1] == '\n') {
                out.append("\r\n");
                i++;
                column = 0;
                continue;
            }
            piece = b >= 33 && b <= 126 && b != '=' || b == ' ' ? String.valueOf((char) b) : String.format("=%02X", b);
            if (column + piece.length() > 72) {
                out.append("=\r\n");
                column = 0;
            }
            out.append(piece);
            column += piece.length();
        }
        return out.toString().getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = new byte[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
