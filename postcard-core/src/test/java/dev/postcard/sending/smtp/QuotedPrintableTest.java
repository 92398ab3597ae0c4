package dev.postcard.sending.smtp;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.mail.internet.MimeUtility;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class QuotedPrintableTest {

    private static String qp(String text) {
        return new String(QuotedPrintable.encode(text), StandardCharsets.US_ASCII);
    }

    @Test
    void printableAsciiStaysAndEverythingElseIsEncodedInUtf8() {
        assertThat(qp("Hello, world! a=b")).isEqualTo("Hello, world! a=3Db");
        assertThat(qp("Grüße €")).isEqualTo("Gr=C3=BC=C3=9Fe =E2=82=AC");
        assertThat(qp("tab\there\u0001")).isEqualTo("tab\there=01");
    }

    @Test
    void spaceAndTabAtTheEndOfALineAreEncoded() {
        assertThat(qp("one \ntwo\t\r\nthree ")).isEqualTo("one=20\r\ntwo=09\r\nthree=20");
    }

    @Test
    void everyLineBreakBecomesCrlf() {
        assertThat(qp("a\nb\r\nc\rd\n\ne")).isEqualTo("a\r\nb\r\nc\r\nd\r\n\r\ne");
    }

    @Test
    void longLinesGetSoftBreaksNeverInsideAnEncodedOctet() {
        String encoded = qp("x".repeat(74) + "é" + "y".repeat(200));

        List<String> lines = encoded.lines().toList();
        assertThat(lines).allSatisfy(line -> assertThat(line.length()).isLessThanOrEqualTo(76));
        assertThat(lines.getFirst()).isEqualTo("x".repeat(74) + "=");
        assertThat(lines.get(1)).startsWith("=C3=A9y");
        assertThat(lines.subList(0, lines.size() - 1)).allSatisfy(line -> assertThat(line).endsWith("="));
    }

    @Test
    void whatAnyDecoderReadsBackIsTheText() throws Exception {
        Random random = new Random(42);
        String alphabet = "abcXYZ 019=.\t\n\r\u00e9\u00fc\u20ac\u4e2d\ud83d\udc4b<>&\"'";
        for (int round = 0; round < 500; round++) {
            StringBuilder text = new StringBuilder();
            int length = random.nextInt(400);
            while (text.length() < length) {
                int at = random.nextInt(alphabet.length());
                char c = alphabet.charAt(at);
                text.append(Character.isHighSurrogate(c) ? alphabet.substring(at, at + 2) : Character.isLowSurrogate(c) ? "" : String.valueOf(c));
            }
            String expected = text.toString().replace("\r\n", "\n").replace('\r', '\n').replace("\n", "\r\n");
            String encoded = qp(text.toString());

            assertThat(encoded.lines()).allSatisfy(line -> assertThat(line.length()).isLessThanOrEqualTo(76));
            assertThat(encoded.chars()).allSatisfy(c -> assertThat(c).isLessThan(128));
            assertThat(encoded.lines()).allSatisfy(line -> assertThat(line).doesNotEndWith(" ").doesNotEndWith("\t"));
            try (InputStream decoded = MimeUtility.decode(new ByteArrayInputStream(
                    QuotedPrintable.encode(text.toString())), "quoted-printable")) {
                assertThat(new String(decoded.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo(expected);
            }
        }
    }
}
