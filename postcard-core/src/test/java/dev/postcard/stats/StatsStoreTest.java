package dev.postcard.stats;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.postcard.event.Event;
import dev.postcard.event.EventCodec;
import dev.postcard.event.EventType;
import dev.postcard.storage.JdbcStore;
import dev.postcard.testing.EachDatabase;
import dev.postcard.testing.TestDatabase;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The aggregates against a fixture counted by hand: three messages around midnight UTC on 2026-11-22/23,
 * an open without a message, duplicates, and an open recorded after everything else but dated first.
 */
class StatsStoreTest {
    static final String M1 = "msg_01JDQ4YB2C3D4E5F6G7H8J9K01"; // ada@Example.com, [welcome], sendgrid
    static final String M2 = "msg_01JDQ4YB2C3D4E5F6G7H8J9K02"; // bob@other.org, [welcome, promo], no provider
    static final String M3 = "msg_01JDQ4YB2C3D4E5F6G7H8J9K03"; // cy@example.com, [promo], ses
    static final Instant DAY1 = Instant.parse("2026-11-22T00:00:00Z");
    static final Instant DAY2 = Instant.parse("2026-11-23T00:00:00Z");
    static final StatsQuery TWO_DAYS = new StatsQuery(DAY1, Instant.parse("2026-11-24T00:00:00Z"), Optional.empty(),
            Dimension.ALL);

    /** Counts in {@link Counter} order. */
    static long[] counts(long sent, long delivered, long delayed, long bounced, long hard, long soft, long complained,
            long unsubscribed, long dropped, long[] opens, long[] clicks) {
        long[] all = new long[Counter.count()];
        long[] head = {sent, delivered, delayed, bounced, hard, soft, complained, unsubscribed, dropped};
        System.arraycopy(head, 0, all, 0, head.length);
        System.arraycopy(opens, 0, all, Counter.OPENS.ordinal(), 5);
        System.arraycopy(clicks, 0, all, Counter.CLICKS.ordinal(), 5);
        return all;
    }

    /** {total, human, machine, unique human, unique machine}. */
    static long[] hits(long total, long human, long machine, long uniqueHuman, long uniqueMachine) {
        return new long[] {total, human, machine, uniqueHuman, uniqueMachine};
    }

    static final long[] NONE = hits(0, 0, 0, 0, 0);

    static Event event(String id, EventType type, String emailId, String at, Function<ObjectNode, ObjectNode> fill) {
        ObjectNode data = EventCodec.MAPPER.createObjectNode();
        if (emailId != null) {
            data.put("email_id", emailId);
            switch (emailId) {
                case M1 -> data.put("to", "ada@Example.com").put("provider", "sendgrid").putArray("tags").add("welcome");
                case M2 -> data.put("to", "bob@other.org").putArray("tags").add("welcome").add("promo");
                case M3 -> data.put("to", "cy@example.com").put("provider", "ses").putArray("tags").add("promo");
                default -> throw new IllegalArgumentException(emailId);
            }
        }
        return new Event(id, type, Instant.parse(at), fill.apply(data));
    }

    static Event event(String id, EventType type, String emailId, String at) {
        return event(id, type, emailId, at, d -> d);
    }

    static Event open(String id, String emailId, String at, boolean machine) {
        return event(id, EventType.EMAIL_OPENED, emailId, at, d -> d.put("machine", machine));
    }

    static Event click(String id, String emailId, String at, String url, boolean machine) {
        return event(id, EventType.EMAIL_CLICKED, emailId, at, d -> d.put("url", url).put("machine", machine));
    }

    /** The fixture, appended in three transactions; the dated-first open e0 comes last. */
    static void recordFixture(JdbcStore store) {
        fixture().forEach(batch -> store.append("t1", batch));
    }

    static List<List<Event>> fixture() {
        return List.of(List.of(
                event("evt_e1", EventType.EMAIL_SENT, M1, "2026-11-22T23:10:00Z"),
                event("evt_e2", EventType.EMAIL_SENT, M2, "2026-11-22T23:20:00Z"),
                event("evt_e3", EventType.EMAIL_SENT, M3, "2026-11-22T23:40:00Z"),
                event("evt_e4", EventType.EMAIL_DELIVERED, M1, "2026-11-22T23:15:00Z"),
                event("evt_e5", EventType.EMAIL_DELIVERED, M2, "2026-11-23T00:05:00Z"),
                event("evt_e6", EventType.EMAIL_BOUNCED, M3, "2026-11-22T23:50:00Z", d -> d.put("bounce_type", "hard")),
                open("evt_e7", M1, "2026-11-22T23:30:00Z", false),
                open("evt_e8", M1, "2026-11-22T23:35:00Z", false),
                open("evt_e9", M1, "2026-11-22T23:31:00Z", true),
                open("evt_e7", M1, "2026-11-22T23:30:00Z", false)),
                List.of(
                open("evt_e10", M2, "2026-11-23T00:10:00Z", true),
                click("evt_e11", M1, "2026-11-22T23:40:00Z", "https://shop.example/a", false),
                click("evt_e12", M1, "2026-11-22T23:45:00Z", "https://shop.example/a", false),
                click("evt_e13", M1, "2026-11-22T23:41:00Z", "https://shop.example/b", true),
                event("evt_e14", EventType.EMAIL_COMPLAINED, M2, "2026-11-23T00:20:00Z"),
                event("evt_e15", EventType.EMAIL_OPENED, null, "2026-11-22T23:59:00Z",
                        d -> d.put("to", "zed@example.com").put("machine", false)),
                event("evt_e16", EventType.EMAIL_UNSUBSCRIBED, M1, "2026-11-23T00:30:00Z"),
                event("evt_e17", EventType.EMAIL_BOUNCED, M2, "2026-11-23T00:40:00Z",
                        d -> d.put("bounce_type", "undetermined")),
                event("evt_f1", EventType.EMAIL_FAILED, M2, "2026-11-23T00:41:00Z")),
                // Duplicates of stored events, and e0: the earliest open of m2, recorded last.
                List.of(event("evt_e1", EventType.EMAIL_SENT, M1, "2026-11-22T23:10:00Z"),
                open("evt_e7", M1, "2026-11-22T23:30:00Z", false),
                open("evt_e0", M2, "2026-11-22T22:00:00Z", false)));
    }

    static JdbcStore open(TestDatabase db, JdbcStatsStore[] stats) {
        JdbcStore store = db.open();
        stats[0] = new JdbcStatsStore(store);
        store.projector().add(stats[0].projection());
        return store;
    }

    static Map<String, StatsCounts> byGroup(List<StatsRow> rows) {
        return rows.stream().collect(Collectors.toMap(r -> r.group().orElseThrow(), StatsRow::counts));
    }

    @EachDatabase
    void overallCountsMatchTheHandCount(TestDatabase db) {
        JdbcStatsStore[] stats = new JdbcStatsStore[1];
        recordFixture(open(db, stats));

        List<StatsRow> rows = stats[0].query("t1", TWO_DAYS);

        assertThat(rows).hasSize(1);
        assertThat(rows.getFirst().group()).isEmpty();
        assertThat(rows.getFirst().bucket()).isEmpty();
        assertThat(rows.getFirst().counts()).isEqualTo(StatsCounts.of(counts(3, 2, 0, 2, 1, 1, 1, 1, 0,
                hits(6, 4, 2, 2, 2), hits(3, 2, 1, 1, 1))));
        var rates = rows.getFirst().counts().rates();
        assertThat(rates.delivery()).hasValue(2.0 / 3);
        assertThat(rates.bounce()).hasValue(2.0 / 3);
        assertThat(rates.complaint()).hasValue(0.5);
        assertThat(rates.open()).hasValue(1.0);
        assertThat(rates.click()).hasValue(0.5);
        assertThat(rates.clickToOpen()).hasValue(0.5);
    }

    @EachDatabase
    void daysAreUtcDaysAndTheLateOpenLandsInItsOwnHour(TestDatabase db) {
        JdbcStatsStore[] stats = new JdbcStatsStore[1];
        recordFixture(open(db, stats));

        List<StatsRow> days = stats[0].query("t1", new StatsQuery(TWO_DAYS.from(), TWO_DAYS.to(),
                Optional.of(Interval.DAY), Dimension.ALL));
        List<StatsRow> hours = stats[0].query("t1", new StatsQuery(Instant.parse("2026-11-22T21:00:00Z"),
                Instant.parse("2026-11-23T00:00:00Z"), Optional.of(Interval.HOUR), Dimension.ALL));

        assertThat(days).extracting(r -> r.bucket().orElseThrow()).containsExactly(DAY1, DAY2);
        assertThat(days.get(0).counts()).isEqualTo(StatsCounts.of(counts(3, 1, 0, 1, 1, 0, 0, 0, 0,
                hits(5, 4, 1, 2, 1), hits(3, 2, 1, 1, 1))));
        assertThat(days.get(1).counts()).isEqualTo(StatsCounts.of(counts(0, 1, 0, 1, 0, 1, 1, 1, 0,
                hits(1, 0, 1, 0, 1), NONE)));
        assertThat(hours).extracting(r -> r.bucket().orElseThrow()).containsExactly(
                Instant.parse("2026-11-22T22:00:00Z"), Instant.parse("2026-11-22T23:00:00Z"));
        assertThat(hours.get(0).counts()).isEqualTo(StatsCounts.of(counts(0, 0, 0, 0, 0, 0, 0, 0, 0,
                hits(1, 1, 0, 1, 0), NONE)));
    }

    @EachDatabase
    void groupsByTagDomainAndProvider(TestDatabase db) {
        JdbcStatsStore[] stats = new JdbcStatsStore[1];
        recordFixture(open(db, stats));

        Map<String, StatsCounts> tags = byGroup(stats[0].query("t1", grouped(Dimension.TAG)));
        Map<String, StatsCounts> domains = byGroup(stats[0].query("t1", grouped(Dimension.DOMAIN)));
        Map<String, StatsCounts> providers = byGroup(stats[0].query("t1", grouped(Dimension.PROVIDER)));

        assertThat(tags).containsOnlyKeys("welcome", "promo");
        assertThat(tags.get("welcome")).isEqualTo(StatsCounts.of(counts(2, 2, 0, 1, 0, 1, 1, 1, 0,
                hits(5, 3, 2, 2, 2), hits(3, 2, 1, 1, 1))));
        assertThat(tags.get("promo")).isEqualTo(StatsCounts.of(counts(2, 1, 0, 2, 1, 1, 1, 0, 0,
                hits(2, 1, 1, 1, 1), NONE)));
        assertThat(domains).containsOnlyKeys("example.com", "other.org");
        assertThat(domains.get("example.com")).isEqualTo(StatsCounts.of(counts(2, 1, 0, 1, 1, 0, 0, 1, 0,
                hits(4, 3, 1, 1, 1), hits(3, 2, 1, 1, 1))));
        assertThat(domains.get("other.org")).isEqualTo(StatsCounts.of(counts(1, 1, 0, 1, 0, 1, 1, 0, 0,
                hits(2, 1, 1, 1, 1), NONE)));
        assertThat(providers).containsOnlyKeys("sendgrid", "postcard", "ses");
        assertThat(providers.get("sendgrid")).isEqualTo(StatsCounts.of(counts(1, 1, 0, 0, 0, 0, 0, 1, 0,
                hits(3, 2, 1, 1, 1), hits(3, 2, 1, 1, 1))));
        assertThat(providers.get("ses")).isEqualTo(StatsCounts.of(counts(1, 0, 0, 1, 1, 0, 0, 0, 0, NONE, NONE)));
        assertThat(providers.get("postcard").get(Counter.OPENS)).isEqualTo(3); // e10, e0 and the message-less e15
    }

    @EachDatabase
    void tenantsAreApartAndAnEmptyPeriodHasNullRates(TestDatabase db) {
        JdbcStatsStore[] stats = new JdbcStatsStore[1];
        JdbcStore store = open(db, stats);
        recordFixture(store);
        store.append("t2", event("evt_e1", EventType.EMAIL_SENT, M1, "2026-11-22T23:10:00Z"));
        // m1 is t1's message: t2's opens of the same id are t2's own and still counted once.
        store.append("t2", List.of(open("evt_x1", M1, "2026-11-22T23:11:00Z", false),
                open("evt_x2", M1, "2026-11-22T23:12:00Z", false)));
        store.append("t2", open("evt_x3", M1, "2026-11-22T23:13:00Z", false));

        StatsCounts t2 = stats[0].query("t2", TWO_DAYS).getFirst().counts();
        List<StatsRow> empty = stats[0].query("t1", new StatsQuery(DAY1, DAY1.plusSeconds(3600), Optional.empty(),
                Dimension.ALL));

        assertThat(t2).isEqualTo(StatsCounts.of(counts(1, 0, 0, 0, 0, 0, 0, 0, 0, hits(3, 3, 0, 1, 0), NONE)));
        assertThat(stats[0].query("t1", TWO_DAYS).getFirst().counts().get(Counter.SENT)).isEqualTo(3);
        assertThat(stats[0].query("t3", TWO_DAYS).getFirst().counts()).isEqualTo(StatsCounts.of(new long[Counter.count()]));
        assertThat(empty).hasSize(1);
        var rates = empty.getFirst().counts().rates();
        assertThat(List.of(rates.delivery(), rates.bounce(), rates.complaint(), rates.open(), rates.click(),
                rates.clickToOpen())).allMatch(r -> r.isEmpty());
        assertThat(stats[0].query("t1", new StatsQuery(DAY1, DAY1.plusSeconds(3600), Optional.empty(), Dimension.TAG)))
                .isEmpty();
    }

    @EachDatabase
    void oneEventPerTransactionCountsTheSameAndDuplicatesAddNothing(TestDatabase db) {
        JdbcStatsStore[] stats = new JdbcStatsStore[1];
        JdbcStore store = open(db, stats);
        fixture().stream().flatMap(List::stream).forEach(event -> store.append("t1", event));
        StatsCounts expected = StatsCounts.of(counts(3, 2, 0, 2, 1, 1, 1, 1, 0,
                hits(6, 4, 2, 2, 2), hits(3, 2, 1, 1, 1)));
        assertThat(stats[0].query("t1", TWO_DAYS).getFirst().counts()).isEqualTo(expected);

        recordFixture(store);

        assertThat(stats[0].query("t1", TWO_DAYS).getFirst().counts()).isEqualTo(expected);
        assertThat(stats[0].linksOfEmail("t1", M1, 10).getFirst()).isEqualTo(new LinkClicks("https://shop.example/a", 2, 2, 1));
    }

    @EachDatabase
    void linksCountClicksPerMessageAndPerTag(TestDatabase db) {
        JdbcStatsStore[] stats = new JdbcStatsStore[1];
        recordFixture(open(db, stats));

        List<LinkClicks> m1 = stats[0].linksOfEmail("t1", M1, 10);
        List<LinkClicks> welcome = stats[0].linksOfTag("t1", Optional.of("welcome"), TWO_DAYS, 10);

        assertThat(m1).containsExactly(new LinkClicks("https://shop.example/a", 2, 2, 1),
                new LinkClicks("https://shop.example/b", 1, 0, 0));
        assertThat(welcome).isEqualTo(m1);
        assertThat(stats[0].linksOfTag("t1", Optional.empty(), TWO_DAYS, 1)).containsExactly(m1.getFirst());
        assertThat(stats[0].linksOfTag("t1", Optional.of("promo"), TWO_DAYS, 10)).isEmpty();
        assertThat(stats[0].linksOfTag("t1", Optional.of("welcome"), new StatsQuery(DAY2, DAY2.plusSeconds(86_400),
                Optional.empty(), Dimension.ALL), 10)).isEmpty();
        assertThat(stats[0].linksOfEmail("t2", M1, 10)).isEmpty();
    }

    @EachDatabase
    void concurrentWritersAddUpAcrossShards(TestDatabase db) throws Exception {
        JdbcStatsStore[] stats = new JdbcStatsStore[1];
        JdbcStore store = open(db, stats);
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            int thread = t;
            threads.add(Thread.ofPlatform().start(() -> {
                for (int i = 0; i < 25; i++) {
                    store.append("t1", List.of(event("evt_c" + thread + "_" + i, EventType.EMAIL_SENT, M1,
                            "2026-11-22T23:10:00Z"), open("evt_o" + thread + "_" + i, M2, "2026-11-22T23:11:00Z", false)));
                }
            }));
        }
        for (Thread thread : threads) {
            thread.join();
        }

        StatsCounts all = stats[0].query("t1", TWO_DAYS).getFirst().counts();
        Map<String, StatsCounts> tags = byGroup(stats[0].query("t1", grouped(Dimension.TAG)));

        assertThat(all.get(Counter.SENT)).isEqualTo(100);
        assertThat(all.get(Counter.HUMAN_OPENS)).isEqualTo(100);
        assertThat(all.get(Counter.UNIQUE_HUMAN_OPENS)).isEqualTo(1);
        assertThat(tags.get("welcome").get(Counter.SENT)).isEqualTo(100);
        assertThat(tags.get("promo").get(Counter.UNIQUE_HUMAN_OPENS)).isEqualTo(1);
    }

    static StatsQuery grouped(Dimension dimension) {
        return new StatsQuery(TWO_DAYS.from(), TWO_DAYS.to(), Optional.empty(), dimension);
    }
}
