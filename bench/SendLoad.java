import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The sending benchmark's load: CONCURRENCY clients POST /v1/emails with BATCH recipients each (the benchmark's
 * message, tracking on), keeping at most BACKLOG accepted but not yet at the sink, so the rate measured is what
 * Postcard hands to the relay, not what it can queue. The rate is counted at the sink.
 *
 *   java SendLoad BASE_URL API_KEY SINK_CONTROL_PORT WARMUP_S DURATION_S BATCH CONCURRENCY BACKLOG
 *
 * Prints "PHASE measure", then "RESULT rate=R accepted=A delivered=D" once the backlog has drained (D counted at
 * the sink: every accepted message arrived exactly once when D == A and nothing else was sent), then
 * "ACCEPT1000 median_ms=M max_ms=X" for ten sends of 1,000 recipients, each answered 202.
 */
public final class SendLoad {
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    public static void main(String[] args) throws Exception {
        URI emails = URI.create(args[0] + "/v1/emails");
        String key = args[1];
        int control = Integer.parseInt(args[2]);
        long warmup = Long.parseLong(args[3]);
        long duration = Long.parseLong(args[4]);
        int batch = Integer.parseInt(args[5]);
        int concurrency = Integer.parseInt(args[6]);
        long backlog = Long.parseLong(args[7]);
        String html = json(SendContent.html());
        long sinkStart = sinkCount(control);
        AtomicLong accepted = new AtomicLong();
        AtomicLong sequence = new AtomicLong();
        AtomicBoolean stop = new AtomicBoolean();
        List<Thread> clients = new ArrayList<>();
        for (int c = 0; c < concurrency; c++) {
            clients.add(Thread.ofPlatform().start(() -> {
                while (!stop.get()) {
                    try {
                        if (accepted.get() - (sinkCount(control) - sinkStart) > backlog) {
                            Thread.sleep(20);
                            continue;
                        }
                        int n = post(emails, key, body(html, batch, sequence.getAndIncrement()));
                        accepted.addAndGet(n);
                    } catch (IOException | InterruptedException e) {
                        System.err.println("load: " + e);
                        stop.set(true);
                    }
                }
            }));
        }
        Thread.sleep(warmup * 1000);
        long c0 = sinkCount(control);
        long t0 = System.nanoTime();
        System.out.println("PHASE measure");
        System.out.flush();
        Thread.sleep(duration * 1000);
        long c1 = sinkCount(control);
        double seconds = (System.nanoTime() - t0) / 1e9;
        stop.set(true);
        for (Thread t : clients) {
            t.join();
        }
        long deadline = System.nanoTime() + 300_000_000_000L;
        while (sinkCount(control) - sinkStart < accepted.get() && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        Thread.sleep(2000); // anything sent twice would arrive now
        System.out.printf("RESULT rate=%.0f accepted=%d delivered=%d%n", (c1 - c0) / seconds, accepted.get(),
                sinkCount(control) - sinkStart);
        List<Double> millis = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            String body = body(html, 1000, sequence.getAndIncrement());
            long s = System.nanoTime();
            int n = post(emails, key, body);
            millis.add((System.nanoTime() - s) / 1e6);
            if (n != 1000) {
                throw new IllegalStateException("a send of 1,000 recipients accepted " + n);
            }
        }
        Collections.sort(millis);
        System.out.printf("ACCEPT1000 median_ms=%.0f max_ms=%.0f%n", (millis.get(4) + millis.get(5)) / 2,
                millis.get(9));
    }

    /**
     * A send to {@code recipients} readers in {@code bcc}, the shape of a newsletter: each copy shows no other
     * recipient (its To is the empty group), as the bare loop's message shows only its own.
     */
    private static String body(String html, int recipients, long batchNumber) {
        StringBuilder bcc = new StringBuilder();
        for (int i = 0; i < recipients; i++) {
            bcc.append(i == 0 ? "" : ",").append("\"reader").append(batchNumber).append('-').append(i)
                    .append("@example.net\"");
        }
        return "{\"from\": " + json(SendContent.FROM) + ", \"bcc\": [" + bcc + "], \"subject\": "
                + json(SendContent.SUBJECT) + ", \"html\": " + html + ", \"tags\": [\"bench\"]}";
    }

    /** Posts one send; the number of recipients queued. */
    private static int post(URI emails, String key, String body) throws IOException, InterruptedException {
        HttpResponse<String> answer = HTTP.send(HttpRequest.newBuilder(emails)
                .header("Authorization", "Bearer " + key).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        if (answer.statusCode() != 202) {
            throw new IOException("POST /v1/emails answered " + answer.statusCode() + ": " + answer.body());
        }
        int queued = 0;
        for (int i = answer.body().indexOf("\"queued\""); i >= 0; i = answer.body().indexOf("\"queued\"", i + 1)) {
            queued++;
        }
        return queued;
    }

    private static long sinkCount(int port) throws IOException {
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port); InputStream in = s.getInputStream()) {
            String line = new String(in.readAllBytes(), StandardCharsets.US_ASCII).strip();
            return Long.parseLong(line.split(" ")[0]);
        }
    }

    private static String json(String text) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : text.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                default -> out.append(c < 0x20 ? String.format("\\u%04x", (int) c) : String.valueOf(c));
            }
        }
        return out.append('"').toString();
    }
}
