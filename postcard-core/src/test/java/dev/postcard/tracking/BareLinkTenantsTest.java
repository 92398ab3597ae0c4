package dev.postcard.tracking;

import static org.assertj.core.api.Assertions.assertThat;

import dev.postcard.testing.MovableClock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class BareLinkTenantsTest {
    private final MovableClock clock = MovableClock.atStart();
    private final BareLinkTenants tenants = new BareLinkTenants(100, clock);
    private final AtomicInteger lookups = new AtomicInteger();

    private Optional<String> resolve(String emailId, String answer) {
        return tenants.tenantOf(emailId, id -> {
            lookups.incrementAndGet();
            return Optional.ofNullable(answer);
        });
    }

    @Test
    void anAnswerIsTrustedForAFewSecondsThenAskedAgain() {
        assertThat(resolve("msg_1", "tenant-a")).hasValue("tenant-a");
        clock.advance(BareLinkTenants.TRUSTED_FOR.minusMillis(1));
        assertThat(resolve("msg_1", "tenant-b")).as("still trusted").hasValue("tenant-a");
        assertThat(lookups).hasValue(1);

        clock.advance(Duration.ofMillis(1));
        assertThat(resolve("msg_1", null)).as("another tenant took the id: it names nobody now").isEmpty();
        assertThat(resolve("msg_1", "tenant-a")).hasValue("tenant-a");
        assertThat(lookups).hasValue(3);
    }

    @Test
    void idsThatNameNoTenantAreNotKept() {
        for (int i = 0; i < 3; i++) {
            assertThat(resolve("msg_made_up", null)).isEmpty();
        }
        assertThat(lookups).hasValue(3);
    }

    @Test
    void itHoldsAtMostTwoGenerations() {
        for (int i = 0; i < 1_000; i++) {
            resolve("msg_" + i, "tenant-a");
        }
        lookups.set(0);
        resolve("msg_0", "tenant-a");
        resolve("msg_999", "tenant-a");
        assertThat(lookups).as("the oldest was dropped, the newest kept").hasValue(1);
    }
}
