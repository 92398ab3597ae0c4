import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Closed-loop load for the provider webhook benchmark (bench/providers.sh): CONCURRENCY virtual-thread
 * senders, each POSTing a SendGrid Event Webhook batch (a JSON array of BATCH events), waiting for the
 * answer, and POSTing the next, for WARMUP seconds (not counted) then SECONDS (measured).
 *
 *   java bench/ProviderLoad.java keygen <dir>
 *       a fresh EC P-256 key pair: <dir>/public.b64 (base64 DER SubjectPublicKeyInfo, what SendGrid shows
 *       and what the source's public_key takes) and <dir>/private.b64 (base64 PKCS#8); prints the public key
 *   java bench/ProviderLoad.java <url> <keyDir> [warmupSeconds 10] [seconds 30] [concurrency 16] [batch 1000] [runId]
 *
 * Every body is signed as SendGrid signs it: ECDSA P-256 SHA256withECDSA over the timestamp's bytes then the
 * raw body's, in X-Twilio-Email-Event-Webhook-Signature (base64 DER) and X-Twilio-Email-Event-Webhook-Timestamp
 * (unix seconds, the current second). The events: 250 messages of 4 events per batch (processed, delivered,
 * open, click; every 20th message processed, deferred, deferred, bounce), each with the fields SendGrid sends
 * (email, timestamp, smtp-id, event, category, sg_event_id, sg_message_id, and per type response/ip/tls,
 * useragent, url, reason/status/type), plus a custom arg (user_id) flattened in as SendGrid does. Every
 * sg_event_id is unique over the run (run id + a global counter), and so is every sg_message_id (each
 * batch has its own messages), so a receiver stores every event rather than dropping duplicates. Bodies are
 * filled from a template: the fixed-width ids and timestamps are written into a copy of it per request.
 *
 * Prints "PHASE warmup", "PHASE measure" (when the measured window opens) and, at the end, one line:
 *   LOAD events=<events answered 2xx whose request completed in the window> seconds=<window> events_per_s=...
 *        requests=... requests_per_s=... failed=<non-2xx or I/O errors in the window> p50_ms=... p99_ms=...
 *        max_ms=... total_requests=... total_acked=<events answered 2xx, warm-up included> total_failed=...
 *        reported_stored=... reported_duplicates=... reported_item_failures=... body_bytes=...
 * (reported_*: the sums of the "stored", "duplicates" and "failed" items in the answers, when the server
 * gives them, as Postcard does.)
 */
public final class ProviderLoad {
    static final int EVENTS_PER_MESSAGE = 4;
    static final String SIG = "X-Twilio-Email-Event-Webhook-Signature";
    static final String TS = "X-Twilio-Email-Event-Webhook-Timestamp";
    static final int ID_HEX = 16;
    static final Pattern STORED = Pattern.compile("\"stored\"\\s*:\\s*(\\d+)");
    static final Pattern DUPLICATES = Pattern.compile("\"duplicates\"\\s*:\\s*(\\d+)");
    static final Pattern ITEM_FAILURE = Pattern.compile("\"index\"\\s*:");

    public static void main(String[] args) throws Exception {
        if (args.length >= 2 && args[0].equals("keygen")) {
            keygen(Path.of(args[1]));
            return;
        }
        if (args.length < 2) {
            System.err.println("usage: ProviderLoad keygen <dir> | ProviderLoad <url> <keyDir> [warmup] [seconds] [concurrency] [batch] [runId]");
            System.exit(2);
        }
        URI uri = URI.create(args[0]);
        Path keyDir = Path.of(args[1]);
        long warmup = args.length > 2 ? Long.parseLong(args[2]) : 10;
        long seconds = args.length > 3 ? Long.parseLong(args[3]) : 30;
        int concurrency = args.length > 4 ? Integer.parseInt(args[4]) : 16;
        int batch = args.length > 5 ? Integer.parseInt(args[5]) : 1000;
        String run = args.length > 6 ? args[6] : Long.toHexString(System.nanoTime());
        new ProviderLoad(uri, privateKey(keyDir), batch, run).run(warmup, seconds, concurrency);
    }

    static void keygen(Path dir) throws Exception {
        KeyPairGenerator gen = KeyPairGenerator.getInstance("EC");
        gen.initialize(new ECGenParameterSpec("secp256r1"));
        KeyPair pair = gen.generateKeyPair();
        Files.createDirectories(dir);
        String pub = Base64.getEncoder().encodeToString(pair.getPublic().getEncoded());
        Files.writeString(dir.resolve("public.b64"), pub + "\n");
        Files.writeString(dir.resolve("private.b64"),
                Base64.getEncoder().encodeToString(pair.getPrivate().getEncoded()) + "\n");
        System.out.println(pub);
    }

    static PrivateKey privateKey(Path dir) throws Exception {
        byte[] der = Base64.getDecoder().decode(Files.readString(dir.resolve("private.b64")).strip());
        return KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(der));
    }

    private final URI uri;
    private final PrivateKey key;
    private final int batch;
    private final Template template;
    private final AtomicLong nextEvent = new AtomicLong();
    private final AtomicLong nextMessage = new AtomicLong();

    // Counted over the whole run (warm-up included), for the stored == acknowledged check.
    private final LongAdder totalRequests = new LongAdder(), totalAcked = new LongAdder(), totalFailed = new LongAdder();
    private final LongAdder reportedStored = new LongAdder(), reportedDuplicates = new LongAdder(),
            reportedItemFailures = new LongAdder();
    // Counted for requests that complete inside the measured window.
    private final LongAdder events = new LongAdder(), requests = new LongAdder(), failed = new LongAdder();
    private final AtomicInteger shownFailures = new AtomicInteger();
    private volatile long windowStart = Long.MAX_VALUE, windowEnd = Long.MAX_VALUE;

    ProviderLoad(URI uri, PrivateKey key, int batch, String run) {
        this.uri = uri;
        this.key = key;
        this.batch = batch;
        this.template = new Template(batch, run);
    }

    void run(long warmup, long seconds, int concurrency) throws Exception {
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10))
                .executor(Executors.newVirtualThreadPerTaskExecutor()).build();
        long start = System.nanoTime();
        long measureFrom = start + warmup * 1_000_000_000L;
        long measureTo = measureFrom + seconds * 1_000_000_000L;
        windowStart = measureFrom;
        windowEnd = measureTo;
        List<Latencies> latencies = new ArrayList<>();
        for (int s = 0; s < concurrency; s++) latencies.add(new Latencies());
        System.out.println("PHASE warmup");
        System.out.flush();
        try (ExecutorService senders = Executors.newVirtualThreadPerTaskExecutor()) {
            for (Latencies lat : latencies) {
                senders.submit(() -> {
                    send(client, measureTo, lat);
                    return null;
                });
            }
            long wait = measureFrom - System.nanoTime();
            if (wait > 0) Thread.sleep(Duration.ofNanos(wait));
            System.out.println("PHASE measure");
            System.out.flush();
        }
        // Every sender has stopped: the last requests (started before the window closed) have their answers.
        double window = seconds;
        long[] all = latencies.stream().flatMapToLong(l -> Arrays.stream(l.nanos, 0, l.count)).sorted().toArray();
        long n = events.sum();
        System.out.println("PHASE done");
        System.out.printf("LOAD events=%d seconds=%.1f events_per_s=%.0f requests=%d requests_per_s=%.1f failed=%d"
                        + " p50_ms=%.1f p99_ms=%.1f max_ms=%.1f total_requests=%d total_acked=%d total_failed=%d"
                        + " reported_stored=%d reported_duplicates=%d reported_item_failures=%d body_bytes=%d batch=%d%n",
                n, window, n / window, requests.sum(), requests.sum() / window, failed.sum(),
                pct(all, 0.50), pct(all, 0.99), all.length == 0 ? 0.0 : all[all.length - 1] / 1e6,
                totalRequests.sum(), totalAcked.sum(), totalFailed.sum(), reportedStored.sum(),
                reportedDuplicates.sum(), reportedItemFailures.sum(), template.length(), batch);
        System.out.flush();
        System.exit(0);
    }

    /** One sender's request latencies in the window (ns); only that sender writes them. */
    static final class Latencies {
        long[] nanos = new long[1 << 12];
        int count;

        void add(long ns) {
            if (count == nanos.length) nanos = Arrays.copyOf(nanos, count * 2);
            nanos[count++] = ns;
        }
    }

    private void send(HttpClient client, long until, Latencies latencies) throws Exception {
        Signature signer = Signature.getInstance("SHA256withECDSA");
        while (System.nanoTime() < until) {
            String ts = Long.toString(System.currentTimeMillis() / 1000);
            byte[] body = template.fill(nextEvent.getAndAdd(batch), nextMessage.getAndAdd(template.messages()), ts);
            signer.initSign(key);
            signer.update(ts.getBytes(StandardCharsets.US_ASCII));
            signer.update(body);
            String sig = Base64.getEncoder().encodeToString(signer.sign());
            HttpRequest req = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(60))
                    .header("Content-Type", "application/json")
                    .header("User-Agent", "SendGrid Event API")
                    .header(SIG, sig).header(TS, ts)
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
            long t0 = System.nanoTime();
            boolean ok;
            String answer = "";
            int status = 0;
            try {
                HttpResponse<String> res = client.send(req, HttpResponse.BodyHandlers.ofString());
                status = res.statusCode();
                answer = res.body();
                ok = status / 100 == 2;
            } catch (IOException e) {
                answer = e.toString();
                ok = false;
            }
            long t1 = System.nanoTime();
            totalRequests.increment();
            if (ok) {
                totalAcked.add(batch);
                Matcher m = STORED.matcher(answer);
                if (m.find()) reportedStored.add(Long.parseLong(m.group(1)));
                m = DUPLICATES.matcher(answer);
                if (m.find()) reportedDuplicates.add(Long.parseLong(m.group(1)));
                m = ITEM_FAILURE.matcher(answer);
                while (m.find()) reportedItemFailures.increment();
            } else {
                totalFailed.increment();
                if (shownFailures.incrementAndGet() <= 5) {
                    System.err.println("failed request: status " + status + ": "
                            + answer.substring(0, Math.min(500, answer.length())));
                }
            }
            if (t1 >= windowStart && t1 <= windowEnd) {
                requests.increment();
                if (ok) {
                    events.add(batch);
                } else {
                    failed.increment();
                }
                latencies.add(t1 - t0);
            }
        }
    }

    static double pct(long[] sorted, double p) {
        if (sorted.length == 0) return 0;
        return sorted[(int) Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)] / 1e6;
    }

    /**
     * A body with fixed-width holes: event ids, message ids and timestamps. {@link #fill} copies the bytes and
     * writes the holes, so a request costs one array copy plus a few thousand digits.
     */
    static final class Template {
        private static final char EVENT = 'E', MESSAGE = 'M', TIME = 'T';
        private final byte[] bytes;
        private final int[] holes;      // offsets
        private final char[] kinds;
        private final int[] index;      // event or message index within the batch
        private final int messages;

        Template(int batch, String run) {
            String clean = "xxxxxx" + run.replaceAll("[^A-Za-z0-9]", "");
            String runPart = clean.substring(clean.length() - 6);
            messages = (batch + EVENTS_PER_MESSAGE - 1) / EVENTS_PER_MESSAGE;
            StringBuilder b = new StringBuilder(batch * 480).append('[');
            List<Integer> holeList = new ArrayList<>();
            List<Character> kindList = new ArrayList<>();
            List<Integer> indexList = new ArrayList<>();
            String[] categories = {"newsletter", "receipt", "password-reset", "onboarding", "digest"};
            String[] agents = {
                "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36",
                "Mozilla/5.0 (iPhone; CPU iPhone OS 17_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148",
                "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_1) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.1 Safari/605.1.15"};
            for (int i = 0; i < batch; i++) {
                int m = i / EVENTS_PER_MESSAGE, pos = i % EVENTS_PER_MESSAGE;
                boolean bounced = m % 20 == 19;
                String event = bounced ? new String[] {"processed", "deferred", "deferred", "bounce"}[pos]
                        : new String[] {"processed", "delivered", "open", "click"}[pos];
                if (i > 0) b.append(',');
                String email = "user" + (m * 7919 % 100_000) + "@example.com";
                b.append("{\"email\":\"").append(email).append("\",\"timestamp\":");
                hole(b, holeList, kindList, indexList, TIME, i, 10);
                b.append(",\"smtp-id\":\"<");
                hole(b, holeList, kindList, indexList, MESSAGE, m, 22);
                b.append("@ismtpd0001p1iad2.sendgrid.net>\",\"event\":\"").append(event)
                        .append("\",\"category\":[\"").append(categories[m % categories.length]).append("\"]")
                        .append(",\"sg_event_id\":\"");
                hole(b, holeList, kindList, indexList, EVENT, i, 22);
                b.append("\",\"sg_message_id\":\"");
                hole(b, holeList, kindList, indexList, MESSAGE, m, 22);
                b.append(".filterdrecv-p3mdw1-756b745b58-kmzbl-18-5F5FC76C-9.0\"");
                switch (event) {
                    case "delivered" -> b.append(",\"response\":\"250 2.0.0 OK  1700000000 a1-20020a05620a0e8100b0077b5f8a7a09si1234567qkp.123 - gsmtp\",\"ip\":\"149.72.123.24\",\"tls\":1");
                    case "deferred" -> b.append(",\"response\":\"421 4.7.0 Try again later, closing connection.\",\"attempt\":\"").append(pos).append("\",\"ip\":\"149.72.123.24\",\"tls\":1");
                    case "open" -> b.append(",\"useragent\":\"").append(agents[m % agents.length])
                            .append("\",\"ip\":\"203.0.113.").append(m % 250 + 1).append("\",\"sg_machine_open\":false");
                    case "click" -> b.append(",\"useragent\":\"").append(agents[(m + 1) % agents.length])
                            .append("\",\"ip\":\"203.0.113.").append(m % 250 + 1)
                            .append("\",\"url\":\"https://www.example.com/offers/").append(m % 50)
                            .append("?utm_source=newsletter&utm_medium=email\",\"url_offset\":{\"index\":").append(m % 3)
                            .append(",\"type\":\"html\"}");
                    case "bounce" -> b.append(",\"reason\":\"550 5.1.1 The email account that you tried to reach does not exist.\",\"status\":\"5.1.1\",\"type\":\"bounce\",\"bounce_classification\":\"Invalid Address\",\"ip\":\"149.72.123.24\",\"tls\":1");
                    default -> { }
                }
                b.append(",\"user_id\":\"u").append(m * 7919 % 100_000).append("\"}");
            }
            b.append(']');
            bytes = b.toString().getBytes(StandardCharsets.US_ASCII);
            holes = holeList.stream().mapToInt(Integer::intValue).toArray();
            kinds = new char[kindList.size()];
            for (int k = 0; k < kinds.length; k++) kinds[k] = kindList.get(k);
            index = indexList.stream().mapToInt(Integer::intValue).toArray();
            this.runPrefix = runPart.getBytes(StandardCharsets.US_ASCII);
        }

        private final byte[] runPrefix;

        private static void hole(StringBuilder b, List<Integer> holes, List<Character> kinds, List<Integer> index,
                                 char kind, int i, int width) {
            holes.add(b.length());
            kinds.add(kind);
            index.add(i);
            b.append("#".repeat(width));
        }

        int length() {
            return bytes.length;
        }

        int messages() {
            return messages;
        }

        /** A copy with ids {@code firstEvent + i} and {@code firstMessage + m} and timestamp {@code ts}. */
        byte[] fill(long firstEvent, long firstMessage, String ts) {
            byte[] out = bytes.clone();
            byte[] t = ts.getBytes(StandardCharsets.US_ASCII);
            for (int k = 0; k < holes.length; k++) {
                int at = holes[k];
                switch (kinds[k]) {
                    case TIME -> System.arraycopy(t, 0, out, at, 10);
                    case EVENT -> id(out, at, runPrefix, firstEvent + index[k]);
                    case MESSAGE -> id(out, at, runPrefix, firstMessage + index[k]);
                    default -> throw new IllegalStateException();
                }
            }
            return out;
        }

        private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

        /** 22 characters, like SendGrid's ids: 6 of the run, then 16 hex digits of the counter. */
        private static void id(byte[] out, int at, byte[] run, long n) {
            System.arraycopy(run, 0, out, at, 6);
            for (int d = ID_HEX - 1; d >= 0; d--) {
                out[at + 6 + d] = HEX[(int) (n & 0xf)];
                n >>>= 4;
            }
        }
    }
}
