import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * The load of the several-nodes benchmark (bench/nodes.sh), with its webhook receivers in the same JVM.
 *
 * Starts RECEIVERS JDK HttpServers on 127.0.0.1 (ports receiverPort..), creates one webhook on "*" per receiver
 * through the first node, then SENDERS closed-loop senders POST /v1/events arrays of BATCH email.delivered
 * events with unique ids, each array to the next node in turn. The senders hold back while more than MAX_BACKLOG
 * acknowledged events are not yet delivered to every receiver, so what is measured is the rate at which the
 * nodes store AND deliver (the whole pipeline at its steady state), not an ingestion rate that delivery cannot
 * keep up with.
 *
 * Phases, each announced on stdout: "PHASE measure <epoch ms>" after WARMUP seconds, "PHASE drain <epoch ms>"
 * after DURATION more (the window's end), "PHASE done" once every acknowledged event is delivered to every
 * receiver (or DRAIN seconds passed). Then one line:
 *   LOAD nodes=.. window_s=.. acked_window=.. delivered_window=.. events_per_s=.. ingest_events_per_s=..
 *        requests_window=.. failed_requests=.. p50_ms=.. p99_ms=.. acked_total=.. delivered_total=..
 *        duplicates=.. receiver_requests=.. all_delivered=yes|no
 * (delivered = the smallest count of distinct events over the receivers; duplicates and receiver_requests are
 * summed over them.)
 *
 * Usage: java NodesLoad nodeUrls(comma-separated) adminKey receiverPort receivers senders batch warmupS durationS
 *                       maxBacklog drainS runId
 */
public final class NodesLoad {
    static final class Receiver {
        final Set<String> seen = ConcurrentHashMap.newKeySet();
        final AtomicLong requests = new AtomicLong();
        final AtomicLong duplicates = new AtomicLong();
    }

    public static void main(String[] args) throws Exception {
        List<URI> nodes = Arrays.stream(args[0].split(",")).map(u -> URI.create(u + "/v1/events")).toList();
        String key = args[1];
        int receiverPort = Integer.parseInt(args[2]);
        int receiverCount = Integer.parseInt(args[3]);
        int senders = Integer.parseInt(args[4]);
        int batch = Integer.parseInt(args[5]);
        long warmup = Long.parseLong(args[6]);
        long duration = Long.parseLong(args[7]);
        long maxBacklog = Long.parseLong(args[8]);
        long drain = Long.parseLong(args[9]);
        String run = args[10];

        List<Receiver> receivers = new ArrayList<>();
        for (int i = 0; i < receiverCount; i++) {
            Receiver r = new Receiver();
            receivers.add(r);
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", receiverPort + i), 1024);
            server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
            server.createContext("/", ex -> {
                ex.getRequestBody().readAllBytes();
                String id = ex.getRequestHeaders().getFirst("webhook-id");
                r.requests.incrementAndGet();
                if (id != null && !r.seen.add(id)) r.duplicates.incrementAndGet();
                ex.sendResponseHeaders(204, -1);
                ex.close();
            });
            server.start();
        }

        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).executor(Executors.newVirtualThreadPerTaskExecutor()).build();
        URI webhooks = URI.create(nodes.getFirst().toString().replace("/v1/events", "/v1/webhooks"));
        for (int i = 0; i < receiverCount; i++) {
            HttpResponse<String> created = client.send(HttpRequest.newBuilder(webhooks)
                    .header("Authorization", "Bearer " + key).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"url\":\"http://127.0.0.1:" + (receiverPort + i)
                            + "/r" + i + "\",\"events\":[\"*\"]}")).build(), HttpResponse.BodyHandlers.ofString());
            if (created.statusCode() != 201) throw new IllegalStateException("webhook not created: " + created.body());
        }
        Thread.sleep(2_500); // the other nodes cache a tenant's webhooks for 2 s: let them see the new ones

        AtomicLong acked = new AtomicLong(), failed = new AtomicLong(), requests = new AtomicLong();
        AtomicLong next = new AtomicLong();
        AtomicBoolean measuring = new AtomicBoolean(), running = new AtomicBoolean(true);
        long[] latencies = new long[1 << 22];
        AtomicLong latencyCount = new AtomicLong();
        List<Thread> threads = new ArrayList<>();
        for (int s = 0; s < senders; s++) {
            threads.add(Thread.ofVirtual().start(() -> {
                while (running.get()) {
                    while (running.get() && acked.get() - delivered(receivers) > maxBacklog) {
                        LockSupport.parkNanos(2_000_000);
                    }
                    long k = next.getAndIncrement();
                    StringBuilder body = new StringBuilder(batch * 100).append('[');
                    for (int i = 0; i < batch; i++) {
                        if (i > 0) body.append(',');
                        body.append("{\"id\":\"evt_nodes_").append(run).append('_').append(k).append('_').append(i)
                                .append("\",\"type\":\"email.delivered\",\"data\":{\"to\":\"r").append(k % 1000)
                                .append("@example.com\"}}");
                    }
                    body.append(']');
                    HttpRequest request = HttpRequest.newBuilder(nodes.get((int) (k % nodes.size())))
                            .timeout(Duration.ofSeconds(60)).header("Authorization", "Bearer " + key)
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build();
                    long t0 = System.nanoTime();
                    try {
                        HttpResponse<String> r = client.send(request, HttpResponse.BodyHandlers.ofString());
                        if (r.statusCode() == 200 && !r.body().contains("\"rejected\"")) {
                            acked.addAndGet(batch);
                        } else {
                            failed.incrementAndGet();
                        }
                    } catch (Exception e) {
                        failed.incrementAndGet();
                    }
                    if (measuring.get()) {
                        requests.incrementAndGet();
                        long n = latencyCount.getAndIncrement();
                        if (n < latencies.length) latencies[(int) n] = System.nanoTime() - t0;
                    }
                }
            }));
        }

        Thread.sleep(warmup * 1000);
        long ackedAtStart = acked.get(), deliveredAtStart = delivered(receivers), failedAtStart = failed.get();
        long t0 = System.nanoTime();
        measuring.set(true);
        System.out.println("PHASE measure " + System.currentTimeMillis());
        Thread.sleep(duration * 1000);
        measuring.set(false);
        long ackedWindow = acked.get() - ackedAtStart, deliveredWindow = delivered(receivers) - deliveredAtStart;
        double window = (System.nanoTime() - t0) / 1e9;
        System.out.println("PHASE drain " + System.currentTimeMillis());
        running.set(false);
        for (Thread t : threads) t.join();
        long until = System.nanoTime() + drain * 1_000_000_000L;
        while (delivered(receivers) < acked.get() && System.nanoTime() < until) Thread.sleep(100);
        Thread.sleep(1_000); // late repeats, if any, arrive too
        System.out.println("PHASE done " + System.currentTimeMillis());

        int n = (int) Math.min(latencyCount.get(), latencies.length);
        long[] sorted = Arrays.copyOf(latencies, n);
        Arrays.sort(sorted);
        long requestsTotal = receivers.stream().mapToLong(r -> r.requests.get()).sum();
        long duplicates = receivers.stream().mapToLong(r -> r.duplicates.get()).sum();
        System.out.printf("LOAD nodes=%d window_s=%.1f acked_window=%d delivered_window=%d events_per_s=%.0f"
                        + " ingest_events_per_s=%.0f requests_window=%d failed_requests=%d failed_in_window=%d"
                        + " p50_ms=%.1f p99_ms=%.1f acked_total=%d delivered_total=%d duplicates=%d"
                        + " receiver_requests=%d all_delivered=%s%n",
                nodes.size(), window, ackedWindow, deliveredWindow, deliveredWindow / window, ackedWindow / window,
                requests.get(), failed.get(), failed.get() - failedAtStart, percentile(sorted, 0.50),
                percentile(sorted, 0.99), acked.get(), delivered(receivers), duplicates, requestsTotal,
                delivered(receivers) >= acked.get() ? "yes" : "no");
        System.exit(0);
    }

    /** Events delivered to every receiver: the smallest count of distinct events over them. */
    static long delivered(List<Receiver> receivers) {
        long min = Long.MAX_VALUE;
        for (Receiver r : receivers) min = Math.min(min, r.seen.size());
        return min;
    }

    static double percentile(long[] sorted, double q) {
        return sorted.length == 0 ? 0 : sorted[(int) Math.min(sorted.length - 1, q * sorted.length)] / 1e6;
    }
}
