package dev.postcard.bounces.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ImapMailboxSettingsTest {

    @Test
    void readsEveryPartOfTheUrl() {
        ImapMailboxSettings s = ImapMailboxSettings.parse(
                "imaps://bounces%40example.com:p%40ss+w%3Ard@imap.example.com:1993/Bounces%20In?processed=Done&interval=30s");
        assertThat(s.tls()).isTrue();
        assertThat(s.host()).isEqualTo("imap.example.com");
        assertThat(s.port()).isEqualTo(1993);
        assertThat(s.user()).isEqualTo("bounces@example.com");
        assertThat(s.password()).isEqualTo("p@ss+w:rd");
        assertThat(s.folder()).isEqualTo("Bounces In");
        assertThat(s.processedFolder()).contains("Done");
        assertThat(s.interval()).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void defaultsToInboxAProcessedFolderAndAMinute() {
        ImapMailboxSettings s = ImapMailboxSettings.parse("imap://u:p@imap.example.com");
        assertThat(s.tls()).isFalse();
        assertThat(s.startTls()).isFalse();
        assertThat(s.port()).isEqualTo(-1);
        assertThat(s.folder()).isEqualTo("INBOX");
        assertThat(s.processedFolder()).contains("Processed");
        assertThat(s.interval()).isEqualTo(Duration.ofMinutes(1));
        assertThat(ImapMailboxSettings.parse("imap://u:p@h/?processed=FLAG&starttls=true&interval=2m"))
                .satisfies(f -> {
                    assertThat(f.processedFolder()).isEqualTo(Optional.empty());
                    assertThat(f.startTls()).isTrue();
                    assertThat(f.interval()).isEqualTo(Duration.ofMinutes(2));
                });
    }

    @Test
    void theLoggedFormHasNoPassword() {
        ImapMailboxSettings s = ImapMailboxSettings.parse("imaps://u:hunter2@imap.example.com/INBOX");
        assertThat(s.toString()).doesNotContain("hunter2").contains("imaps://u@imap.example.com/INBOX");
    }

    @Test
    void refusesWhatItCannotUseWithoutQuotingThePassword() {
        for (String bad : new String[] {"https://u:hunter2@h/", "imap://h/INBOX", "imap://u:hunter2@h/?interval=soon",
                "imap://u:hunter2@h/?processd=x", "imap://u:hunter2@h/INBOX?processed=INBOX", "imap://u:hunter2@h/?processed=",
                "imaps://u:hun ter2@h/", "imap://u:hunter2@h/?interval=0s"}) {
            assertThatThrownBy(() -> ImapMailboxSettings.parse(bad)).as(bad)
                    .isInstanceOf(IllegalArgumentException.class)
                    .satisfies(e -> assertThat(e.getMessage()).doesNotContain("hunter2"));
        }
    }
}
