/*
 * The stats benchmark's Java half (see bench/stats.sh and BENCHMARKS.md, "Stats"):
 *
 *   load  <jdbc-url> <events> <on|off> [threads]   records <events> synthetic events through Postcard.record in
 *         batches of 1,000 (spread over 90 days ending now, 5 tags, 50 recipient domains, 3 providers), with
 *         the stats step on or off; prints "events=N seconds=S events_per_s=R".
 *   cost  <jdbc-url-with-%s> <events> <rounds> <threads>   in one JVM, after a warm-up load with stats on and one
 *         with stats off, <rounds> pairs of loads of <events> (on, off), each into a fresh database (%s in the
 *         URL is replaced by a name per run: a SQLite file or a PostgreSQL schema); prints each run and the
 *         medians: "on_median=R off_median=R cost_pct=P".
 *   query <base-url> <api-key> <calls>              times GET /v1/stats on a running server over the last 30 days
 *         with interval=day, grouped by tag, domain, provider and not at all: <calls> calls each after 5 warm-up
 *         calls, one at a time; prints p50/p99 in milliseconds.
 *
 * A PostgreSQL URL with currentSchema=<name> gets that schema created first (a fresh database per run).
 *
 * Classpath: postcard-server/target/libs/* (bench/stats.sh compiles and runs it).
 */

import dev.postcard.Postcard;
import dev.postcard.event.Event;
import dev.postcard.event.EventCodec;
import dev.postcard.event.EventType;
import dev.postcard.stats.Dimension;
import dev.postcard.stats.StatsQuery;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;

public final class StatsBench {
    static final int BATCH = 1000;
    static final String[] PROVIDERS = {"ses", "sendgrid", "postmark"};

    public static void main(String[] args) throws Exception {
        switch (args[0]) {
            case "load" -> load(args[1], Long.parseLong(args[2]), args[3].equals("on"),
                    args.length > 4 ? Integer.parseInt(args[4]) : 1);
            case "cost" -> cost(args[1], Long.parseLong(args[2]), Integer.parseInt(args[3]), Integer.parseInt(args[4]));
            case "query" -> query(args[1], args[2], Integer.parseInt(args[3]));
            default -> throw new IllegalArgumentException("load or query");
        }
    }

    static void cost(String urlPattern, long events, int rounds, int threads) throws Exception {
        load(urlPattern.replace("%s", "warm_on"), events / 2, true, threads);
        load(urlPattern.replace("%s", "warm_off"), events / 2, false, threads);
        double[] on = new double[rounds];
        double[] off = new double[rounds];
        for (int r = 0; r < rounds; r++) {
            on[r] = load(urlPattern.replace("%s", "on_" + r), events, true, threads);
            off[r] = load(urlPattern.replace("%s", "off_" + r), events, false, threads);
        }
        Arrays.sort(on);
        Arrays.sort(off);
        double onMedian = on[rounds / 2];
        double offMedian = off[rounds / 2];
        System.out.printf("on_median=%.0f off_median=%.0f cost_pct=%.1f%n", onMedian, offMedian,
                100 * (offMedian - onMedian) / offMedian);
    }

    static double load(String url, long events, boolean stats, int threads) throws Exception {
        long batches = (events + BATCH - 1) / BATCH;
        AtomicLong next = new AtomicLong();
        Instant end = Instant.now();
        long messages = (events + 7) / 8;
        createSchema(url);
        try (Postcard postcard = Postcard.builder().databaseUrl(url).deliveryWorker(false).maintainStats(stats).build()) {
            long started = System.nanoTime();
            List<Thread> workers = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                workers.add(Thread.ofPlatform().start(() -> {
                    long b;
                    while ((b = next.getAndIncrement()) < batches) {
                        postcard.record("default", batch(b, Math.min(BATCH, events - b * BATCH), end, messages));
                        if (b % 500 == 0 && b > 0) {
                            System.err.printf("  %,d events, %.0f s%n", b * BATCH, (System.nanoTime() - started) / 1e9);
                        }
                    }
                }));
            }
            for (Thread worker : workers) {
                worker.join();
            }
            // Stats follow the log: the load is done when they hold every event (a stats read catches up first).
            long loaded = System.nanoTime();
            postcard.stats().query("default", new StatsQuery(end.minus(Duration.ofDays(1)), end, Optional.empty(),
                    Dimension.ALL));
            double seconds = (System.nanoTime() - started) / 1e9;
            System.out.printf("events=%d stats=%s seconds=%.1f events_per_s=%.0f catch_up_s=%.2f%n", events,
                    stats ? "on" : "off", seconds, events / seconds, (System.nanoTime() - loaded) / 1e9);
            return events / seconds;
        }
    }

    static void createSchema(String url) throws Exception {
        java.util.regex.Matcher schema = java.util.regex.Pattern.compile("currentSchema=(\\w+)").matcher(url);
        if (url.startsWith("jdbc:postgresql:") && schema.find()) {
            try (var c = java.sql.DriverManager.getConnection(url); var s = c.createStatement()) {
                s.execute("CREATE SCHEMA IF NOT EXISTS " + schema.group(1));
            }
        }
    }

    /**
     * Batch {@code b}: messages of 8 events each (sent, delivered or bounced, human and machine opens, clicks,
     * now and then a complaint or unsubscribe), sent one after the other over the 90 days before {@code end}, as
     * live traffic arrives.
     */
    static List<Event> batch(long b, long size, Instant end, long messages) {
        List<Event> out = new ArrayList<>((int) size);
        SplittableRandom random = new SplittableRandom(b);
        long span = Duration.ofDays(90).toMillis();
        for (long i = 0; i < size; i++) {
            long n = b * BATCH + i;
            long message = n / 8;
            SplittableRandom m = new SplittableRandom(message);
            Instant sentAt = end.minusMillis(span).plusMillis(message * (span - 3_600_000) / messages);
            ObjectNode data = EventCodec.MAPPER.createObjectNode();
            data.put("email_id", String.format("msg_%026d", message));
            data.put("to", "user" + message + "@domain" + m.nextInt(50) + ".example");
            data.putArray("tags").add("tag" + m.nextInt(5));
            data.put("provider", PROVIDERS[m.nextInt(3)]);
            EventType type;
            switch ((int) (n % 8)) {
                case 0 -> type = EventType.EMAIL_SENT;
                case 1 -> {
                    boolean bounced = random.nextInt(100) < 3;
                    type = bounced ? EventType.EMAIL_BOUNCED : EventType.EMAIL_DELIVERED;
                    if (bounced) {
                        data.put("bounce_type", random.nextBoolean() ? "hard" : "soft");
                    }
                }
                case 2, 4 -> {
                    type = EventType.EMAIL_OPENED;
                    data.put("machine", false);
                }
                case 3 -> {
                    type = EventType.EMAIL_OPENED;
                    data.put("machine", true);
                }
                case 5, 6 -> {
                    type = EventType.EMAIL_CLICKED;
                    data.put("machine", n % 8 == 6 && random.nextInt(4) == 0);
                    data.put("url", "https://shop.example/p/" + random.nextInt(20));
                }
                default -> type = random.nextInt(50) == 0 ? EventType.EMAIL_COMPLAINED
                        : random.nextInt(20) == 0 ? EventType.EMAIL_UNSUBSCRIBED : EventType.EMAIL_DELIVERY_DELAYED;
            }
            Instant at = sentAt.plusSeconds(60L * (n % 8));
            out.add(new Event(String.format("evt_%026d", n), type, at, data));
        }
        return out;
    }

    static void query(String base, String key, int calls) throws Exception {
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        Instant to = Instant.now();
        String period = "from=" + to.minus(Duration.ofDays(30)) + "&to=" + to + "&interval=day";
        for (String groupBy : new String[] {"tag", "domain", "provider", ""}) {
            URI uri = URI.create(base + "/v1/stats?" + period + (groupBy.isEmpty() ? "" : "&group_by=" + groupBy));
            HttpRequest request = HttpRequest.newBuilder(uri).header("Authorization", "Bearer " + key).build();
            long[] nanos = new long[calls];
            int rows = 0;
            long sent = 0;
            for (int i = -5; i < calls; i++) {
                long started = System.nanoTime();
                HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
                long took = System.nanoTime() - started;
                if (response.statusCode() != 200) {
                    throw new IllegalStateException(response.statusCode() + " " + response.body());
                }
                if (i >= 0) {
                    nanos[i] = took;
                }
                var data = EventCodec.MAPPER.readTree(response.body()).get("data");
                rows = data.size();
                sent = 0;
                for (var row : data) {
                    sent += row.get("sent").asLong();
                }
            }
            Arrays.sort(nanos);
            System.out.printf("group_by=%s rows=%d sent=%d p50_ms=%.1f p99_ms=%.1f%n", groupBy.isEmpty() ? "none" : groupBy,
                    rows, sent, nanos[calls / 2] / 1e6, nanos[(int) Math.ceil(calls * 0.99) - 1] / 1e6);
        }
    }
}
