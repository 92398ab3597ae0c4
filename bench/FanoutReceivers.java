import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The webhook fan-out benchmark's receivers (bench/fanout.sh): N JDK HttpServers on 127.0.0.1, ports
 * basePort .. basePort+N-1, on virtual threads, each answering every POST with 204. For each request it keeps
 * the receive time and the event-to-delivery latency (receive time - the envelope's created_at, both in ms of
 * this machine's clock) and the webhook-id, so a second request with the same id at the same receiver counts as
 * a duplicate.
 *
 * A control server on basePort+N answers:
 *   GET /stats?from=MS&to=MS  deliveries received in [from, to) (epoch ms), their rate and latency p50/p99/max,
 *                             and totals since the last reset (requests, distinct, duplicates, unparsable)
 *   GET /reset                forgets everything, and every receiver answers at once again
 *   GET /delay?receiver=I&ms=M receiver I (0-based) answers each request M ms after reading it (a slow endpoint)
 *
 * Usage: java FanoutReceivers basePort n
 */
public final class FanoutReceivers {
    private static final byte[] CREATED = "\"created_at\":\"".getBytes(StandardCharsets.US_ASCII);

    /** One receiver's records: receive ms and latency ms, appended in pairs. */
    static final class Receiver {
        final Set<String> seen = ConcurrentHashMap.newKeySet();
        final AtomicLong duplicates = new AtomicLong();
        final AtomicLong requests = new AtomicLong();
        final AtomicLong unparsable = new AtomicLong();
        volatile long delayMillis;
        long[] records = new long[1 << 16];
        int size;

        synchronized void add(long received, long latency) {
            if (size + 2 > records.length) records = Arrays.copyOf(records, records.length * 2);
            records[size++] = received;
            records[size++] = latency;
        }

        synchronized long[] snapshot() {
            return Arrays.copyOf(records, size);
        }

        synchronized void reset() {
            records = new long[1 << 16];
            size = 0;
            seen.clear();
            duplicates.set(0);
            requests.set(0);
            unparsable.set(0);
            delayMillis = 0;
        }
    }

    public static void main(String[] args) throws IOException {
        int base = Integer.parseInt(args[0]);
        int n = Integer.parseInt(args[1]);
        List<Receiver> receivers = new ArrayList<>();
        List<HttpServer> servers = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Receiver r = new Receiver();
            receivers.add(r);
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", base + i), 1024);
            server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
            server.createContext("/", ex -> receive(ex, r));
            server.start();
            servers.add(server);
        }
        HttpServer control = HttpServer.create(new InetSocketAddress("127.0.0.1", base + n), 16);
        control.createContext("/reset", ex -> {
            receivers.forEach(Receiver::reset);
            reply(ex, "ok\n");
        });
        control.createContext("/delay", ex -> {
            int receiver = -1;
            long ms = 0;
            for (String kv : String.valueOf(ex.getRequestURI().getQuery()).split("&")) {
                String[] p = kv.split("=", 2);
                if (p[0].equals("receiver")) receiver = Integer.parseInt(p[1]);
                if (p[0].equals("ms")) ms = Long.parseLong(p[1]);
            }
            receivers.get(receiver).delayMillis = ms;
            reply(ex, "ok\n");
        });
        control.createContext("/stats", ex -> reply(ex, stats(receivers, ex.getRequestURI().getQuery())));
        control.start();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            control.stop(0);
            servers.forEach(s -> s.stop(0));
        }));
        System.out.println("receivers listening on 127.0.0.1:" + base + ".." + (base + n - 1) + ", control on " + (base + n));
    }

    private static void receive(HttpExchange ex, Receiver r) throws IOException {
        try (ex) {
            byte[] body;
            try (InputStream in = ex.getRequestBody()) {
                body = in.readAllBytes();
            }
            long now = System.currentTimeMillis();
            long delay = r.delayMillis;
            if (delay > 0) {
                try {
                    Thread.sleep(delay);
                } catch (InterruptedException e) {
                    return;
                }
            }
            r.requests.incrementAndGet();
            String id = ex.getRequestHeaders().getFirst("webhook-id");
            long created = createdAt(body);
            if (id == null || created < 0) {
                r.unparsable.incrementAndGet();
            } else if (!r.seen.add(id)) {
                r.duplicates.incrementAndGet();
            } else {
                r.add(now, now - created);
            }
            ex.sendResponseHeaders(204, -1);
        }
    }

    /** The envelope's created_at in epoch ms, found without a JSON parser; -1 when missing. */
    static long createdAt(byte[] body) {
        outer:
        for (int i = 0; i + CREATED.length + 24 <= body.length; i++) {
            for (int j = 0; j < CREATED.length; j++) {
                if (body[i + j] != CREATED[j]) continue outer;
            }
            int start = i + CREATED.length;
            int end = start;
            while (end < body.length && body[end] != '"') end++;
            try {
                return Instant.parse(new String(body, start, end - start, StandardCharsets.US_ASCII)).toEpochMilli();
            } catch (RuntimeException e) {
                return -1;
            }
        }
        return -1;
    }

    private static String stats(List<Receiver> receivers, String query) {
        long from = 0, to = Long.MAX_VALUE;
        if (query != null) {
            for (String kv : query.split("&")) {
                String[] p = kv.split("=", 2);
                if (p[0].equals("from")) from = Long.parseLong(p[1]);
                if (p[0].equals("to")) to = Long.parseLong(p[1]);
            }
        }
        long total = 0, distinct = 0, dups = 0, bad = 0, minRecv = Long.MAX_VALUE;
        long[] lat = new long[1024];
        int count = 0;
        StringBuilder per = new StringBuilder();
        StringBuilder perWindow = new StringBuilder();
        for (Receiver r : receivers) {
            long[] rec = r.snapshot();
            total += r.requests.get();
            distinct += rec.length / 2;
            dups += r.duplicates.get();
            bad += r.unparsable.get();
            per.append(per.isEmpty() ? "" : ",").append(rec.length / 2);
            int inWindow = 0;
            for (int i = 0; i < rec.length; i += 2) {
                if (rec[i] >= from && rec[i] < to) {
                    if (count == lat.length) lat = Arrays.copyOf(lat, lat.length * 2);
                    lat[count++] = rec[i + 1];
                    inWindow++;
                }
            }
            perWindow.append(perWindow.isEmpty() ? "" : ",").append(inWindow);
        }
        Arrays.sort(lat, 0, count);
        double secs = (to == Long.MAX_VALUE || from == 0) ? 0 : (to - from) / 1000.0;
        return String.format(
                "window_deliveries=%d deliveries_per_s=%.0f p50_ms=%d p99_ms=%d max_ms=%d requests=%d distinct=%d duplicates=%d unparsable=%d per_receiver=%s window_per_receiver=%s%n",
                count, secs > 0 ? count / secs : 0.0, pct(lat, count, 0.50), pct(lat, count, 0.99),
                count > 0 ? lat[count - 1] : -1, total, distinct, dups, bad, per, perWindow);
    }

    private static long pct(long[] sorted, int n, double q) {
        if (n == 0) return -1;
        return sorted[Math.min(n - 1, (int) Math.ceil(q * n) - 1)];
    }

    private static void reply(HttpExchange ex, String text) throws IOException {
        try (ex) {
            byte[] b = text.getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(200, b.length);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(b);
            }
        }
    }
}
