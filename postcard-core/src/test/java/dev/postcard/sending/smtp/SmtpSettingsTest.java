package dev.postcard.sending.smtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.postcard.InvalidInputException;
import dev.postcard.sending.smtp.SmtpSettings.Security;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SmtpSettingsTest {

    @Test
    void smtpRequiresStartTlsOnPort587ByDefault() {
        SmtpSettings s = SmtpSettings.parse("smtp://relay.example.com");
        assertThat(s.security()).isEqualTo(Security.STARTTLS_REQUIRED);
        assertThat(s.host()).isEqualTo("relay.example.com");
        assertThat(s.port()).isEqualTo(587);
        assertThat(s.user()).isEmpty();
        assertThat(s.password()).isEmpty();
        assertThat(s.pool()).isEqualTo(4);
        assertThat(s.timeout()).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void smtpsIsImplicitTlsOnPort465() {
        SmtpSettings s = SmtpSettings.parse("smtps://relay.example.com");
        assertThat(s.security()).isEqualTo(Security.IMPLICIT_TLS);
        assertThat(s.port()).isEqualTo(465);
    }

    @Test
    void readsEveryPartOfTheUrl() {
        SmtpSettings s = SmtpSettings.parse(
                "SMTP://mailer%40example.com:p%40ss+w%3Ard@relay.example.com:2525/?starttls=optional&pool=9&timeout=1500ms");
        assertThat(s.security()).isEqualTo(Security.STARTTLS_OPTIONAL);
        assertThat(s.user()).contains("mailer@example.com");
        assertThat(s.password()).contains("p@ss+w:rd");
        assertThat(s.port()).isEqualTo(2525);
        assertThat(s.pool()).isEqualTo(9);
        assertThat(s.timeout()).isEqualTo(Duration.ofMillis(1500));
        assertThat(SmtpSettings.parse("smtp://u@h?starttls=required&timeout=2m")).satisfies(t -> {
            assertThat(t.security()).isEqualTo(Security.STARTTLS_REQUIRED);
            assertThat(t.user()).contains("u");
            assertThat(t.password()).isEmpty();
            assertThat(t.timeout()).isEqualTo(Duration.ofMinutes(2));
        });
        assertThat(SmtpSettings.parse("smtp://[::1]:25?starttls=optional").host()).isEqualTo("::1");
    }

    @Test
    void toStringNeverShowsThePassword() {
        SmtpSettings s = SmtpSettings.parse("smtps://mailer%40example.com:hunter2@relay.example.com?pool=2");
        assertThat(s.toString()).doesNotContain("hunter2")
                .isEqualTo("smtps://mailer%40example.com:****@relay.example.com:465?pool=2&timeout=30000ms");
        assertThat(SmtpSettings.parse("smtp://h?starttls=optional").toString())
                .isEqualTo("smtp://h:587?starttls=optional&pool=4&timeout=30000ms");
    }

    @Test
    void anythingElseIsRefusedNamingTheSetting() {
        String[] bad = {
                "http://relay.example.com", "smtp://", "smtp:relay", "not a url", "smtp://h/path",
                "smtp://h?starttls=maybe", "smtps://h?starttls=optional", "smtp://h?pool=0", "smtp://h?pool=101",
                "smtp://h?pool=many", "smtp://h?timeout=30", "smtp://h?timeout=0s", "smtp://h?tls=yes",
                "smtp://:secret@h", "smtp://u:p%zz@h", "smtp://h:0", "smtp://h#frag"};
        for (String url : bad) {
            assertThatThrownBy(() -> SmtpSettings.parse(url)).as(url)
                    .isInstanceOf(InvalidInputException.class)
                    .satisfies(e -> assertThat(e.getMessage()).startsWith("POSTCARD_SMTP_URL "))
                    .extracting(e -> ((InvalidInputException) e).field()).isEqualTo("POSTCARD_SMTP_URL");
        }
    }

    @Test
    void errorsNeverQuoteThePassword() {
        assertThatThrownBy(() -> SmtpSettings.parse("smtp://u:hunter2@h?pool=x"))
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("hunter2"));
        assertThatThrownBy(() -> SmtpSettings.parse("smtp://u:hun ter2@h"))
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("hun ter2"));
    }

    @Test
    void aPasswordNeedsAUser() {
        assertThatThrownBy(() -> new SmtpSettings(Security.IMPLICIT_TLS, "h", 465, Optional.empty(), Optional.of("p"),
                4, Duration.ofSeconds(1))).isInstanceOf(IllegalArgumentException.class);
    }
}
