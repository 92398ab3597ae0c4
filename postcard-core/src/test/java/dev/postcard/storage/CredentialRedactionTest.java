package dev.postcard.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Passwords reach the driver and nothing else: not exception messages, not logs of the options. */
class CredentialRedactionTest {
    private static final String SECRET = "s3cr3t-Pa55";

    @Test
    void passwordInTheUrlIsNotInTheFailure() {
        Throwable failure = catchThrowable(() -> JdbcStore.open(
                "jdbc:postgresql://127.0.0.1:1/postcard?user=postcard&password=" + SECRET,
                StoreOptions.defaults().withConnectionTimeout(Duration.ofSeconds(1))));

        assertThat(failure).isNotNull();
        assertNoSecretIn(failure);
        assertThat(failure.getMessage()).contains("127.0.0.1:1").contains("password=***");
    }

    @Test
    void passwordInTheOptionsIsNotInTheFailure() {
        Throwable failure = catchThrowable(() -> JdbcStore.open("jdbc:postgresql://127.0.0.1:1/postcard",
                StoreOptions.defaults().withCredentials("postcard", SECRET).withConnectionTimeout(Duration.ofSeconds(1))));

        assertThat(failure).isNotNull();
        assertNoSecretIn(failure);
    }

    @Test
    void unsupportedUrlIsNamedWithoutItsPassword() {
        Throwable failure = catchThrowable(() -> JdbcStore.open("jdbc:mysql://db/postcard?user=x&password=" + SECRET,
                StoreOptions.defaults()));

        assertThat(failure).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("jdbc:mysql://db");
        assertNoSecretIn(failure);
    }

    @Test
    void optionsNeverPrintThePassword() {
        assertThat(StoreOptions.defaults().withCredentials("postcard", SECRET).toString())
                .contains("postcard").doesNotContain(SECRET);
    }

    @Test
    void urlRedactionCoversQueryAndUserInfo() {
        assertThat(JdbcUrls.redact("jdbc:postgresql://db/p?user=u&Password=" + SECRET + "&ssl=true"))
                .isEqualTo("jdbc:postgresql://db/p?user=u&Password=***&ssl=true");
        assertThat(JdbcUrls.redact("jdbc:postgresql://u:" + SECRET + "@db/p")).isEqualTo("jdbc:postgresql://***@db/p");
    }

    private static void assertNoSecretIn(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            assertThat(String.valueOf(t.getMessage())).as("message of %s", t.getClass().getName()).doesNotContain(SECRET);
            assertThat(t.toString()).doesNotContain(SECRET);
            for (Throwable suppressed : t.getSuppressed()) {
                assertThat(String.valueOf(suppressed.getMessage())).doesNotContain(SECRET);
            }
        }
    }
}
