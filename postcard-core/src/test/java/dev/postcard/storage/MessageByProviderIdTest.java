package dev.postcard.storage;

import static org.assertj.core.api.Assertions.assertThat;

import dev.postcard.event.EventType;
import dev.postcard.event.Message;
import dev.postcard.testing.EachDatabase;
import dev.postcard.testing.TestDatabase;
import java.util.List;

/** Bounce mail names the original's Message-ID, not its tenant: the message is found in whichever tenant has it. */
class MessageByProviderIdTest {

    @EachDatabase
    void findsTheMessageInAnyTenantByItsProviderId(TestDatabase db) {
        JdbcStore store = db.open();
        String acme = TestEvents.newMessageId();
        String other = TestEvents.newMessageId();
        store.append("acme", TestEvents.email(EventType.EMAIL_SENT, acme,
                d -> d.put("provider", "smtp").put("provider_message_id", "<abc@mail.acme.test>")));
        store.append("other", TestEvents.email(EventType.EMAIL_SENT, other,
                d -> d.put("provider", "ses").put("provider_message_id", "<abc@mail.acme.test>")));

        Message found = store.findMessageByProviderIdAnyTenant("smtp",
                List.of("abc@mail.acme.test", "<abc@mail.acme.test>")).orElseThrow();
        assertThat(found.id()).isEqualTo(acme);
        assertThat(found.tenantId()).isEqualTo("acme");
        // Another provider's id is another message; an unknown id and no ids find nothing.
        assertThat(store.findMessageByProviderIdAnyTenant("ses", List.of("<abc@mail.acme.test>")).orElseThrow().id())
                .isEqualTo(other);
        assertThat(store.findMessageByProviderIdAnyTenant("smtp", List.of("<nope@mail.acme.test>"))).isEmpty();
        assertThat(store.findMessageByProviderIdAnyTenant("smtp", List.of())).isEmpty();
    }

    @EachDatabase
    void theOldestMessageWinsWhenTwoClaimOneId(TestDatabase db) {
        JdbcStore store = db.open();
        String first = TestEvents.newMessageId();
        store.append("a", TestEvents.email(EventType.EMAIL_SENT, first,
                d -> d.put("provider", "smtp").put("provider_message_id", "<dup@x.test>")));
        store.append("b", TestEvents.email(EventType.EMAIL_SENT, TestEvents.newMessageId(),
                d -> d.put("provider", "smtp").put("provider_message_id", "<dup@x.test>")));
        assertThat(store.findMessageByProviderIdAnyTenant("smtp", List.of("<dup@x.test>")).orElseThrow().id())
                .isEqualTo(first);
    }
}
