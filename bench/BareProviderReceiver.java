/*
 * The baseline of the provider webhook benchmark (bench/providers.sh): the least any SendGrid Event Webhook
 * receiver must do, on a bare Helidon SE 4 WebServer from Postcard's own jars (postcard-server/target/libs).
 * POST /track/webhook/sendgrid[/{sourceId}]: read the raw body, check the timestamp is recent and the ECDSA
 * P-256 signature (SHA256withECDSA over the timestamp's bytes then the body's, base64 DER in
 * X-Twilio-Email-Event-Webhook-Signature) with the JDK, parse the JSON array with Jackson into a tree and walk
 * every event's fields, answer 200 {}. Nothing is stored, nothing is durable. 401 for a bad signature, 400 for
 * a body that is not a JSON array.
 *
 *   java -cp 'postcard-server/target/libs/*' bench/BareProviderReceiver.java <port> <publicKeyBase64>
 *
 * Prints "Bare provider receiver is running on port N" when ready, and on SIGTERM the requests and events it
 * accepted; stops on SIGTERM / Ctrl-C.
 */

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.helidon.common.mapper.MapperManager;
import io.helidon.http.HeaderNames;
import io.helidon.http.HeaderName;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.LongAdder;

public final class BareProviderReceiver {
    static final HeaderName SIG = HeaderNames.create("X-Twilio-Email-Event-Webhook-Signature");
    static final HeaderName TS = HeaderNames.create("X-Twilio-Email-Event-Webhook-Timestamp");
    static final long TOLERANCE_SECONDS = 300;
    static final ObjectMapper JSON = new ObjectMapper();
    static final LongAdder REQUESTS = new LongAdder(), EVENTS = new LongAdder(), REJECTED = new LongAdder();
    static volatile long sink;

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        PublicKey key = KeyFactory.getInstance("EC")
                .generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(args[1].strip())));
        // As Postcard does at start (PostcardServer): without it Helidon looks the mapper up on every request.
        MapperManager.global(MapperManager.create());
        WebServer server = WebServer.builder()
                .host("127.0.0.1")
                .port(port)
                .shutdownHook(false)
                .routing(routing -> routing
                        .post("/track/webhook/sendgrid", (req, res) -> receive(key, req, res))
                        .post("/track/webhook/sendgrid/{sourceId}", (req, res) -> receive(key, req, res)))
                .build()
                .start();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.stop();
            System.out.println("BARE requests=" + REQUESTS.sum() + " events=" + EVENTS.sum()
                    + " rejected=" + REJECTED.sum());
            System.out.flush();
            stopped.countDown();
        }));
        System.out.println("Bare provider receiver is running on port " + server.port());
        System.out.flush();
        stopped.await();
    }

    static void receive(PublicKey key, ServerRequest req, ServerResponse res) throws Exception {
        byte[] body;
        try (InputStream in = req.content().inputStream()) {
            body = in.readAllBytes();
        }
        String ts = req.headers().first(TS).orElse("");
        String sig = req.headers().first(SIG).orElse("");
        if (!verified(key, ts, sig, body)) {
            REJECTED.increment();
            res.status(401).header(HeaderNames.CONTENT_TYPE, "application/json").send("{\"error\":\"signature\"}");
            return;
        }
        JsonNode events;
        try {
            events = JSON.readTree(body);
        } catch (Exception e) {
            events = null;
        }
        if (events == null || !events.isArray()) {
            REJECTED.increment();
            res.status(400).header(HeaderNames.CONTENT_TYPE, "application/json").send("{\"error\":\"body\"}");
            return;
        }
        long h = 0;
        for (JsonNode event : events) {
            // Walk every field, as a parser picking out what it keeps has to visit them.
            for (Map.Entry<String, JsonNode> field : event.properties()) {
                h = h * 31 + field.getKey().hashCode();
                JsonNode v = field.getValue();
                h += v.isTextual() ? v.textValue().length() : v.isNumber() ? v.longValue() : v.size();
            }
        }
        sink = h;
        REQUESTS.increment();
        EVENTS.add(events.size());
        res.header(HeaderNames.CONTENT_TYPE, "application/json");
        res.send("{}");
    }

    static boolean verified(PublicKey key, String ts, String sig, byte[] body) {
        try {
            long t = Long.parseLong(ts);
            if (Math.abs(System.currentTimeMillis() / 1000 - t) > TOLERANCE_SECONDS) {
                return false;
            }
            Signature v = Signature.getInstance("SHA256withECDSA");
            v.initVerify(key);
            v.update(ts.getBytes(StandardCharsets.US_ASCII));
            v.update(body);
            return v.verify(Base64.getDecoder().decode(sig));
        } catch (Exception e) {
            return false;
        }
    }
}
