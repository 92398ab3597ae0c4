package dev.postcard.storage;

import static dev.postcard.storage.TestEvents.email;
import static dev.postcard.storage.TestEvents.withId;
import static org.assertj.core.api.Assertions.assertThat;

import dev.postcard.event.AppendResult;
import dev.postcard.event.EventType;
import dev.postcard.event.IdPrefix;
import dev.postcard.event.MessageStatus;
import dev.postcard.tenant.ApiKey;
import dev.postcard.tenant.JdbcTenantStore;
import dev.postcard.tenant.Tenant;
import dev.postcard.testing.EachDatabase;
import dev.postcard.testing.TestDatabase;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;

class DurabilityTest {

    @EachDatabase
    void everythingWrittenIsThereAfterReopening(TestDatabase db) {
        JdbcStore store = db.open();
        List<AppendResult> appended = store.append("default",
                IntStream.range(0, 50).mapToObj(i -> withId("evt_" + i)).toList());
        store.append("default", email(EventType.EMAIL_DELIVERED, "msg_kept"));
        new JdbcTenantStore(store, Clock.systemUTC()).createTenant(new Tenant("acme", "Acme", Instant.parse("2026-01-01T00:00:00Z")));
        ApiKey key = new ApiKey(IdPrefix.API_KEY.newId(), "acme", "ci", "pc_ab", "hash-1", false,
                Instant.parse("2026-01-01T00:00:00Z"), Optional.empty());
        new JdbcTenantStore(store, Clock.systemUTC()).createApiKey(key);
        store.putSettingIfAbsent("instance_id", "abc");
        store.close();

        JdbcStore reopened = db.open();

        for (AppendResult result : appended) {
            assertThat(reopened.findEvent("default", result.stored().event().id())).hasValue(result.stored());
        }
        assertThat(reopened.findMessage("default", "msg_kept").orElseThrow().status()).isEqualTo(MessageStatus.DELIVERED);
        assertThat(new JdbcTenantStore(reopened, Clock.systemUTC()).findTenant("acme")).isPresent();
        assertThat(new JdbcTenantStore(reopened, Clock.systemUTC()).findApiKeyByHash("hash-1")).hasValue(key);
        assertThat(reopened.setting("instance_id")).hasValue("abc");
        AppendResult later = reopened.append("default", withId("evt_later"));
        assertThat(later.stored().seq()).as("the log continues after the last position")
                .isGreaterThan(appended.getLast().stored().seq());
        assertThat(reopened.append("default", withId("evt_7")).duplicate()).as("dedupe survives reopening").isTrue();
    }
}
