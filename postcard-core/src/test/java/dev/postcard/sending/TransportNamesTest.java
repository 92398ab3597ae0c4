package dev.postcard.sending;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.postcard.InvalidInputException;
import dev.postcard.testing.MovableClock;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The names and rates transport URLs give their transports ({@code ?name=}, {@code ?rate=}). */
class TransportNamesTest {
    private static final String SENDGRID = "sendgrid://SG.secret-key-123@api.sendgrid.com";
    private static final String RESEND = "resend://re_secret_456@api.resend.com";

    private static List<String> names(Optional<String> smtpUrl, List<String> urls) {
        List<Transport> opened = TransportUrls.open(smtpUrl, urls, MovableClock.atStart());
        try {
            return opened.stream().map(Transport::name).toList();
        } finally {
            opened.forEach(Transport::close);
        }
    }

    private static InvalidInputException refused(Optional<String> smtpUrl, List<String> urls) {
        try {
            TransportUrls.check(smtpUrl, urls);
        } catch (InvalidInputException e) {
            return e;
        }
        throw new AssertionError("accepted " + urls);
    }

    @Test
    void eachTransportIsNamedByItsKindUnlessItsUrlNamesIt() {
        assertThat(names(Optional.of("smtps://u:pw@mail.example.com"), List.of(SENDGRID, RESEND + "?name=resend-eu")))
                .containsExactly("smtp", "sendgrid", "resend-eu");
        assertThat(names(Optional.empty(), List.of("smtp://relay-a.example.com?name=eu-relay&pool=2",
                "smtp://relay-b.example.com?starttls=optional&name=us_relay&rate=20")))
                .containsExactly("eu-relay", "us_relay");
        assertThat(names(Optional.empty(), List.of())).isEmpty();
    }

    @Test
    void twoTransportsOfOneNameStopTheStartAskingForAName() {
        InvalidInputException twoRelays = refused(Optional.empty(),
                List.of("smtp://a.example.com", "smtp://user:hunter2@b.example.com"));
        assertThat(twoRelays.field()).isEqualTo("POSTCARD_SEND_TRANSPORTS");
        assertThat(twoRelays.getMessage()).contains("two transports are named 'smtp'", "?name=")
                .doesNotContain("hunter2").doesNotContain("\n");

        InvalidInputException acrossSettings = refused(Optional.of("smtp://relay.example.com?name=main"),
                List.of(SENDGRID + "?name=main"));
        assertThat(acrossSettings.getMessage()).startsWith("POSTCARD_SMTP_URL and POSTCARD_SEND_TRANSPORTS:")
                .contains("'main'").doesNotContain("SG.secret-key-123");
        assertThat(names(Optional.of("smtp://relay.example.com"), List.of("smtp://b.example.com?name=backup")))
                .containsExactly("smtp", "backup");
    }

    @Test
    void aRateIsAWholePositiveNumberAndNeverRepeatsTheUrl() {
        for (String rate : List.of("0", "-1", "ten", "", "1.5", "99999999999")) {
            InvalidInputException e = refused(Optional.empty(), List.of(SENDGRID + "?rate=" + rate));
            assertThat(e.field()).as(rate).isEqualTo("POSTCARD_SEND_TRANSPORTS");
            assertThat(e.getMessage()).as(rate).contains("sendgrid: rate must be a whole number")
                    .doesNotContain("SG.secret-key-123");
        }
        InvalidInputException relay = refused(Optional.of("smtp://u:hunter2@relay.example.com?rate=0"), List.of());
        assertThat(relay.field()).isEqualTo("POSTCARD_SMTP_URL");
        assertThat(relay.getMessage()).startsWith("POSTCARD_SMTP_URL: smtp: rate").doesNotContain("hunter2");
        assertThat(refused(Optional.empty(), List.of(SENDGRID + "?rate=5&rate=6")).getMessage())
                .contains("rate is given twice");
    }

    @Test
    void aNameIsShortAndPlain() {
        for (String name : List.of("", "eu relay", "eu.relay", "a".repeat(65), "%C3%A9")) {
            assertThat(refused(Optional.empty(), List.of(RESEND + "?name=" + name)).getMessage()).as(name)
                    .contains("resend: name must be 1 to 64 letters, digits, - or _").doesNotContain("re_secret_456");
        }
        assertThat(names(Optional.empty(), List.of(RESEND + "?name=" + "a".repeat(64)))).hasSize(1);
    }

    @Test
    void theTransportsOwnOptionsAreStillChecked() {
        assertThat(names(Optional.empty(), List.of("postmark://tok-1@api.postmarkapp.com?name=pm&message_stream=broadcast")))
                .containsExactly("pm");
        assertThat(refused(Optional.empty(), List.of("postmark://tok-1@api.postmarkapp.com?name=pm&stream=x"))
                .getMessage()).contains("unknown option 'stream'; known: message_stream, name, rate").doesNotContain("tok-1");
        assertThat(refused(Optional.empty(), List.of("smtp://relay.example.com?name=r&pool=0")).getMessage())
                .startsWith("POSTCARD_SEND_TRANSPORTS");
    }
}
