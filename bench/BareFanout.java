import dev.postcard.verify.SignatureHeaders;
import dev.postcard.verify.WebhookSigner;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The webhook fan-out benchmark's baseline (bench/fanout.sh): the JDK HttpClient, its tasks on virtual threads,
 * posting signed envelopes like Postcard's (Standard Webhooks headers, dev.postcard.verify.WebhookSigner) to the
 * same N receivers, every event to all N, as fast as it can, storing nothing. created_at is when the event was
 * generated here. WORKERS virtual threads each generate an event, send it to the N receivers at once and wait
 * for the N answers, so at most WORKERS x N requests are in flight.
 *
 * Prints "MEASURE from=<epoch ms> to=<epoch ms>": the measured period after the warm-up, same JVM.
 *
 * Usage: java BareFanout basePort n warmupSeconds seconds workers
 */
public final class BareFanout {
    private static final DateTimeFormatter ISO = DateTimeFormatter.ISO_INSTANT;

    public static void main(String[] args) throws Exception {
        int base = Integer.parseInt(args[0]);
        int n = Integer.parseInt(args[1]);
        long warmup = Long.parseLong(args[2]);
        long seconds = Long.parseLong(args[3]);
        int workers = Integer.parseInt(args[4]);
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .executor(Executors.newVirtualThreadPerTaskExecutor()).build();
        List<URI> uris = new ArrayList<>();
        List<WebhookSigner> signers = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            uris.add(URI.create("http://127.0.0.1:" + (base + i) + "/r" + i));
            byte[] key = new byte[24];
            new java.security.SecureRandom().nextBytes(key);
            signers.add(WebhookSigner.of("whsec_" + Base64.getEncoder().encodeToString(key)));
        }
        long t0 = System.nanoTime(), measureFrom = System.currentTimeMillis() + warmup * 1000;
        long end = t0 + (warmup + seconds) * 1_000_000_000L;
        AtomicLong events = new AtomicLong(), ok = new AtomicLong(), failed = new AtomicLong();
        List<Thread> threads = new ArrayList<>();
        for (int w = 0; w < workers; w++) {
            int worker = w;
            threads.add(Thread.ofVirtual().start(() -> {
                long k = 0;
                while (System.nanoTime() < end) {
                    String id = "evt_bare_" + worker + "_" + (k++);
                    Instant now = Instant.now();
                    byte[] body = ("{\"id\":\"" + id + "\",\"type\":\"email.delivered\",\"created_at\":\""
                            + ISO.format(now.truncatedTo(ChronoUnit.MILLIS))
                            + "\",\"data\":{\"to\":\"a@example.com\"}}").getBytes(StandardCharsets.UTF_8);
                    events.incrementAndGet();
                    List<CompletableFuture<HttpResponse<Void>>> fs = new ArrayList<>(n);
                    for (int i = 0; i < n; i++) {
                        SignatureHeaders h = signers.get(i).sign(id, now, body);
                        HttpRequest.Builder rb = HttpRequest.newBuilder(uris.get(i))
                                .header("Content-Type", "application/json")
                                .header("User-Agent", "BareFanout")
                                .header("X-Postcard-Event", "email.delivered")
                                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
                        h.asMap().forEach(rb::header);
                        fs.add(client.sendAsync(rb.build(), HttpResponse.BodyHandlers.discarding()));
                    }
                    for (CompletableFuture<HttpResponse<Void>> f : fs) {
                        try {
                            int s = f.join().statusCode();
                            if (s / 100 == 2) ok.incrementAndGet(); else failed.incrementAndGet();
                        } catch (RuntimeException e) {
                            failed.incrementAndGet();
                        }
                    }
                }
            }));
        }
        for (Thread t : threads) t.join();
        System.out.printf("MEASURE from=%d to=%d%n", measureFrom, measureFrom + seconds * 1000);
        System.out.printf("BARE events=%d deliveries_ok=%d failed=%d seconds=%d%n", events.get(), ok.get(),
                failed.get(), seconds);
    }
}
