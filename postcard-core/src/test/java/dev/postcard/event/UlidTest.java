package dev.postcard.event;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import org.junit.jupiter.api.Test;

class UlidTest {
    @Test
    void idsAreTwentySixCrockfordCharactersAndSortInCreationOrder() {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            ids.add(Ulid.next());
        }
        assertThat(ids).allSatisfy(id -> assertThat(Ulid.isValid(id)).as(id).isTrue());
        assertThat(ids).isSorted();
        assertThat(new HashSet<>(ids)).hasSize(ids.size());
    }

    @Test
    void timestampIsTheCreationMillisecond() {
        long before = System.currentTimeMillis();
        Instant at = Ulid.timestampOf(Ulid.next());
        assertThat(at.toEpochMilli()).isBetween(before, System.currentTimeMillis());
    }

    @Test
    void knownEncoding() {
        // 48-bit time 1 and an 80-bit random part of all ones.
        assertThat(Ulid.encode(1, 0xFFFF, -1L)).isEqualTo("0000000001ZZZZZZZZZZZZZZZZ");
        assertThat(Ulid.encode(0, 0, 0)).isEqualTo("00000000000000000000000000");
    }

    @Test
    void derivedIdsAreStableAndDependOnTheSeed() {
        Instant t = Instant.parse("2026-11-22T10:30:05.123Z");
        assertThat(Ulid.derived(t, "a")).isEqualTo(Ulid.derived(t, "a")).isNotEqualTo(Ulid.derived(t, "b"));
        assertThat(Ulid.timestampOf(Ulid.derived(t, "a"))).isEqualTo(t);
        assertThat(IdPrefix.EVENT.matches(IdPrefix.EVENT.derivedId(t, "x"))).isTrue();
    }

    @Test
    void rejectsMalformedIds() {
        assertThat(Ulid.isValid("0000000001ZZZZZZZZZZZZZZZ")).isFalse(); // 25 characters
        assertThat(Ulid.isValid("0000000001ZZZZZZZZZZZZZZZU")).isFalse(); // U is not Crockford
        assertThat(Ulid.isValid("8ZZZZZZZZZZZZZZZZZZZZZZZZZ")).isFalse(); // beyond 48 bits of time
        assertThat(IdPrefix.MESSAGE.matches("evt_" + Ulid.next())).isFalse();
    }
}
