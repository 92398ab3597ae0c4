import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.Executors;
import java.util.concurrent.Phaser;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Open-loop load for the webhook fan-out benchmark (bench/fanout.sh): POST /v1/events with batches of BATCH
 * email.delivered events with unique ids, at RATE events/s for SECONDS, whatever the answers take.
 * Prints how many events were accepted (2xx) and how many requests failed.
 *
 * Usage: java EventLoad url adminKey rate batch seconds runId
 */
public final class EventLoad {
    public static void main(String[] args) throws Exception {
        URI uri = URI.create(args[0]);
        String key = args[1];
        double rate = Double.parseDouble(args[2]);
        int batch = Integer.parseInt(args[3]);
        long seconds = Long.parseLong(args[4]);
        String run = args[5];
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .executor(Executors.newVirtualThreadPerTaskExecutor()).build();
        long interval = (long) (1e9 * batch / rate);
        long start = System.nanoTime(), end = start + seconds * 1_000_000_000L;
        AtomicLong accepted = new AtomicLong(), failed = new AtomicLong(), sent = new AtomicLong();
        Phaser outstanding = new Phaser(1);
        for (long k = 0; ; k++) {
            long at = start + k * interval;
            if (at >= end) break;
            long wait = at - System.nanoTime();
            if (wait > 0) LockSupport.parkNanos(wait);
            StringBuilder body = new StringBuilder(batch * 90).append('[');
            for (int i = 0; i < batch; i++) {
                if (i > 0) body.append(',');
                body.append("{\"id\":\"evt_fan_").append(run).append('_').append(k).append('_').append(i)
                        .append("\",\"type\":\"email.delivered\",\"data\":{\"to\":\"a@example.com\"}}");
            }
            body.append(']');
            HttpRequest req = HttpRequest.newBuilder(uri).header("Authorization", "Bearer " + key)
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build();
            sent.addAndGet(batch);
            outstanding.register();
            client.sendAsync(req, HttpResponse.BodyHandlers.discarding()).whenComplete((r, e) -> {
                if (e == null && r.statusCode() / 100 == 2) accepted.addAndGet(batch); else failed.incrementAndGet();
                outstanding.arriveAndDeregister();
            });
        }
        outstanding.arriveAndAwaitAdvance();
        double secs = (System.nanoTime() - start) / 1e9;
        System.out.printf("LOAD sent=%d accepted=%d failed_requests=%d seconds=%.1f events_per_s=%.0f%n", sent.get(),
                accepted.get(), failed.get(), secs, accepted.get() / secs);
    }
}
