import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Closed-loop load for the tenant fairness benchmark (bench/fairness.sh): WORKERS clients each POST one
 * email.delivered event (a unique id) to /v1/events as one tenant, again as soon as the answer arrives, for
 * SECONDS. Prints the answered requests, their rate and latency p50/p99/max, the failures, and the same per
 * BUCKET seconds, so a slow stretch (while another tenant's import runs) shows apart from the rest. Beside them
 * a probe posts one email.opened every PROBE_MS (the tenant's webhook subscribes to that type only), so the
 * tenant's deliveries stay few enough for its one endpoint and their latency shows how long they queue.
 *
 * Usage: java FairnessLoad url adminKey tenantId workers seconds bucketSeconds runId probeMs
 */
public final class FairnessLoad {
    public static void main(String[] args) throws Exception {
        URI uri = URI.create(args[0]);
        String key = args[1];
        String tenant = args[2];
        int workers = Integer.parseInt(args[3]);
        long seconds = Long.parseLong(args[4]);
        int bucket = Integer.parseInt(args[5]);
        String run = args[6];
        long probeMs = Long.parseLong(args[7]);
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10)).build();
        long start = System.nanoTime();
        long end = start + seconds * 1_000_000_000L;
        AtomicLong failed = new AtomicLong();
        List<long[]> perWorker = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        for (int w = 0; w < workers; w++) {
            int worker = w;
            long[][] box = {new long[1 << 14]};
            int[] size = {0};
            Thread t = Thread.ofPlatform().start(() -> {
                for (long n = 0; System.nanoTime() < end; n++) {
                    String body = "{\"id\":\"evt_fair_" + run + "_" + worker + "_" + n
                            + "\",\"type\":\"email.delivered\",\"data\":{\"to\":\"b" + n + "@example.com\"}}";
                    HttpRequest req = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(60))
                            .header("Authorization", "Bearer " + key).header("X-Tenant-ID", tenant)
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString(body)).build();
                    long t0 = System.nanoTime();
                    try {
                        HttpResponse<Void> r = client.send(req, HttpResponse.BodyHandlers.discarding());
                        if (r.statusCode() / 100 != 2) {
                            failed.incrementAndGet();
                            continue;
                        }
                    } catch (Exception e) {
                        failed.incrementAndGet();
                        continue;
                    }
                    long t1 = System.nanoTime();
                    if (size[0] + 2 > box[0].length) box[0] = Arrays.copyOf(box[0], box[0].length * 2);
                    box[0][size[0]++] = t0 - start;
                    box[0][size[0]++] = t1 - t0;
                }
                synchronized (perWorker) {
                    perWorker.add(Arrays.copyOf(box[0], size[0]));
                }
            });
            threads.add(t);
        }
        AtomicLong probes = new AtomicLong();
        Thread probe = Thread.ofPlatform().start(() -> {
            for (long n = 0; System.nanoTime() < end; n++) {
                String body = "{\"id\":\"evt_probe_" + run + "_" + n
                        + "\",\"type\":\"email.opened\",\"data\":{\"to\":\"probe@example.com\"}}";
                try {
                    HttpResponse<Void> r = client.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(60))
                            .header("Authorization", "Bearer " + key).header("X-Tenant-ID", tenant)
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.discarding());
                    if (r.statusCode() / 100 == 2) probes.incrementAndGet();
                } catch (Exception e) {
                    // counted as not accepted
                }
                try {
                    Thread.sleep(probeMs);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        for (Thread t : threads) t.join();
        probe.join();
        double secs = (System.nanoTime() - start) / 1e9;
        long[] all = perWorker.stream().flatMapToLong(Arrays::stream).toArray();
        System.out.println(summary("all", all, secs) + " failed=" + failed.get() + " probes=" + probes.get());
        for (long b = 0; b * bucket < seconds; b++) {
            long from = b * bucket * 1_000_000_000L, to = from + bucket * 1_000_000_000L;
            List<Long> in = new ArrayList<>();
            for (int i = 0; i < all.length; i += 2) {
                if (all[i] >= from && all[i] < to) {
                    in.add(all[i]);
                    in.add(all[i + 1]);
                }
            }
            System.out.println(summary("t" + b * bucket + "-" + (b + 1) * bucket + "s",
                    in.stream().mapToLong(Long::longValue).toArray(), bucket));
        }
    }

    private static String summary(String label, long[] pairs, double secs) {
        int n = pairs.length / 2;
        long[] lat = new long[n];
        for (int i = 0; i < n; i++) lat[i] = pairs[2 * i + 1];
        Arrays.sort(lat);
        return String.format("LOAD %s requests=%d per_s=%.0f p50_ms=%.1f p99_ms=%.1f max_ms=%.1f", label, n, n / secs,
                pct(lat, 0.50), pct(lat, 0.99), n == 0 ? -1 : lat[n - 1] / 1e6);
    }

    private static double pct(long[] sorted, double q) {
        if (sorted.length == 0) return -1;
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(q * sorted.length) - 1)] / 1e6;
    }
}
