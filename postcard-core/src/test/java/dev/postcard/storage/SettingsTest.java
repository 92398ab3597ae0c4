package dev.postcard.storage;

import static org.assertj.core.api.Assertions.assertThat;

import dev.postcard.testing.EachDatabase;
import dev.postcard.testing.TestDatabase;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

class SettingsTest {

    @EachDatabase
    void firstValueStays(TestDatabase db) {
        JdbcStore store = db.open();

        assertThat(store.setting("signing_key")).isEmpty();
        assertThat(store.putSettingIfAbsent("signing_key", "first")).isEqualTo("first");
        assertThat(store.putSettingIfAbsent("signing_key", "second")).isEqualTo("first");
        assertThat(store.setting("signing_key")).hasValue("first");
    }

    @EachDatabase
    void nodesRacingToSetAValueAllGetTheSameOne(TestDatabase db) throws Exception {
        List<JdbcStore> nodes = List.of(db.open(), db.open());
        for (int round = 0; round < 5; round++) {
            String name = "race_" + round;
            Set<String> answers = ConcurrentHashMap.newKeySet();

            GroupCommitTest.runConcurrently(16, thread ->
                    answers.add(nodes.get(thread % 2).putSettingIfAbsent(name, "value_from_" + thread)));

            assertThat(answers).as("answers of round %d", round).hasSize(1);
            assertThat(nodes.get(0).setting(name)).hasValue(answers.iterator().next());
            assertThat(nodes.get(1).setting(name)).hasValue(answers.iterator().next());
        }
    }

    @EachDatabase
    void pingAnswersWhileOpenOnly(TestDatabase db) {
        JdbcStore store = db.open();

        assertThat(store.ping()).isTrue();
        store.close();
        assertThat(store.ping()).isFalse();
    }
}
