package dev.postcard.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.postcard.StorageUnavailableException;
import dev.postcard.event.AppendResult;
import dev.postcard.event.Event;
import dev.postcard.event.EventCodec;
import dev.postcard.event.EventType;
import dev.postcard.storage.JdbcStore;
import dev.postcard.testing.EachDatabase;
import dev.postcard.testing.MovableClock;
import dev.postcard.testing.TestDatabase;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

class RecorderTest {

    /**
     * The engine's own hook reads the database right after the commit to wake the delivery worker; with the database
     * gone at that moment (DatabaseOutageTest in postcard-server met it) the stored event was answered 503, "nothing
     * was stored", and a client would send it again.
     */
    @EachDatabase
    void aHookThatFailsAfterTheCommitDoesNotUnsayIt(TestDatabase db) {
        JdbcStore store = db.open();
        Recorder recorder = new Recorder(store, new RecentMessages(10),
                new ListenerRegistry(new BackgroundHealth(MovableClock.atStart())));
        List<String> later = new ArrayList<>();
        recorder.afterCommit((tenant, fresh) -> {
            throw new StorageUnavailableException("list enabled webhooks failed", new SQLException("gone", "08006"));
        });
        recorder.afterCommit((tenant, fresh) -> fresh.forEach(e -> later.add(e.event().id())));

        AppendResult result = recorder.record("default",
                new Event("evt_hooked", EventType.EMAIL_SENT, MovableClock.START, EventCodec.MAPPER.createObjectNode()));

        assertThat(result.duplicate()).isFalse();
        assertThat(store.findEvent("default", "evt_hooked")).isPresent();
        assertThat(later).as("the hooks after the failing one still run").containsExactly("evt_hooked");
    }
}
