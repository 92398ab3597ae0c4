package dev.postcard.http;

import static dev.postcard.http.TestServer.ADMIN_KEY;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.postcard.Postcard;
import dev.postcard.event.EventCodec;
import dev.postcard.event.EventType;
import dev.postcard.testing.EachDatabase;
import dev.postcard.testing.TestDatabase;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.Function;

/**
 * Real-shaped provider payloads, mutated at random (truncated, wrong types, huge strings, deep nesting, invalid
 * UTF-8, garbage) and signed again where the provider signs, so parsers see them: every answer is 200 with what
 * was stored, or a 400/401/413 problem after which nothing was stored. Never a 500. Seeded: a failure repeats.
 */
class ProviderWebhookFuzzTest {
    private static final int MUTATIONS = 120;
    private static final Set<Integer> ALLOWED = Set.of(200, 400, 401, 413);

    private record Target(String provider, String path, String seed, Function<byte[], Map<String, String>> headers) {
    }

    @EachDatabase
    void mutatedPayloadsAreStoredWholeOrRefusedCleanly(TestDatabase db) throws Exception {
        try (TestServer server = TestServer.start(db.url())) {
            List<Target> targets = targets(server);
            Random random = new Random(20261122L);
            for (Target target : targets) {
                assertThat(post(server, target, target.seed().getBytes(StandardCharsets.UTF_8)).statusCode())
                        .as("the unmutated %s payload is accepted", target.provider()).isEqualTo(200);
                Map<Integer, Integer> statuses = new java.util.TreeMap<>();
                for (int i = 0; i < MUTATIONS; i++) {
                    byte[] body = mutate(target.seed(), random);
                    long before = stored(server);
                    HttpResponse<String> response = post(server, target, body);
                    String what = target.provider() + " mutation " + i + ": " + preview(body) + " -> " + response.body();
                    assertThat(response.statusCode()).as(what).isIn(ALLOWED);
                    statuses.merge(response.statusCode(), 1, Integer::sum);
                    JsonNode answer = TestServer.json(response);
                    if (response.statusCode() == 200) {
                        assertThat(stored(server) - before).as(what).isEqualTo(answer.path("stored").asLong());
                    } else {
                        assertThat(response.headers().firstValue("Content-Type")).as(what)
                                .contains(ProblemHandlers.PROBLEM_JSON);
                        assertThat(stored(server)).as("nothing stored after " + what).isEqualTo(before);
                    }
                }
                // The mutations reach the parser: some bodies still parse, others are refused as malformed.
                if (target.provider().equals("mailgun")) {
                    // Mailgun signs fields inside the body: most mutations break the signature or replay its token.
                    assertThat(statuses).as("mailgun answers by status").containsKeys(400, 401);
                } else {
                    assertThat(statuses).as("%s answers by status", target.provider()).containsKeys(200, 400);
                }
            }
        }
    }

    private static HttpResponse<String> post(TestServer server, Target target, byte[] body) {
        HttpRequest.Builder request = server.request(target.path()).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        target.headers().apply(body).forEach(request::header);
        return server.send(request.build());
    }

    private static long stored(TestServer server) {
        Postcard postcard = server.server().postcard();
        return EventType.emailTypes().stream().mapToLong(postcard::storedCount).sum();
    }

    private static List<Target> targets(TestServer server) {
        List<Target> targets = new ArrayList<>();
        KeyPair sendgrid = ProviderSigning.sendGridKeys();
        String sendgridSource = create(server, "{\"provider\":\"sendgrid\",\"public_key\":\""
                + ProviderSigning.publicKeyBase64(sendgrid) + "\"}");
        targets.add(new Target("sendgrid", "/track/webhook/sendgrid/" + sendgridSource, ProviderPayloads.SENDGRID_BATCH,
                body -> {
                    String ts = String.valueOf(server.now().getEpochSecond());
                    return Map.of("X-Twilio-Email-Event-Webhook-Timestamp", ts,
                            "X-Twilio-Email-Event-Webhook-Signature", ProviderSigning.sendGridSignature(sendgrid, ts, body));
                }));
        String basic = "Basic " + Base64.getEncoder().encodeToString("hooks:long-enough-password".getBytes(StandardCharsets.UTF_8));
        for (String provider : List.of("postmark", "sparkpost", "mailjet", "brevo")) {
            String id = create(server, "{\"provider\":\"" + provider
                    + "\",\"basic_auth\":{\"username\":\"hooks\",\"password\":\"long-enough-password\"}}");
            targets.add(new Target(provider, "/track/webhook/" + provider + "/" + id, ProviderPayloads.forProvider(provider),
                    body -> Map.of("Authorization", basic)));
        }
        String resendSecret = "whsec_" + Base64.getEncoder().encodeToString("resend-fuzz-secret-0123456789".getBytes(StandardCharsets.UTF_8));
        String resendSource = create(server, "{\"provider\":\"resend\",\"secret\":\"" + resendSecret + "\"}");
        int[] resendIds = {0};
        targets.add(new Target("resend", "/track/webhook/resend/" + resendSource, ProviderPayloads.RESEND_DELIVERED,
                body -> {
                    String ts = String.valueOf(server.now().getEpochSecond());
                    String id = "msg_fuzz_" + resendIds[0]++;
                    return Map.of("svix-id", id, "svix-timestamp", ts,
                            "svix-signature", ProviderSigning.svixSignature(resendSecret, id, ts, body));
                }));
        // Mailgun signs fields inside the body: mutations of the body are mostly refused as 401 or 400.
        String mailgunSource = create(server, "{\"provider\":\"mailgun\",\"signing_key\":\"key-fuzz-0123456789abcdef\"}");
        targets.add(new Target("mailgun", "/track/webhook/mailgun/" + mailgunSource,
                ProviderPayloads.mailgunDelivered("key-fuzz-0123456789abcdef", server.now()), body -> Map.of()));
        return targets;
    }

    private static String create(TestServer server, String json) {
        HttpResponse<String> response = server.post("/v1/sources", ADMIN_KEY, json);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        return TestServer.json(response).get("id").asText();
    }

    // ------------------------------------------------------------------------------------------ mutations

    static byte[] mutate(String seed, Random random) throws Exception {
        byte[] bytes = seed.getBytes(StandardCharsets.UTF_8);
        return switch (random.nextInt(8)) {
            case 0 -> java.util.Arrays.copyOf(bytes, random.nextInt(bytes.length)); // truncated
            case 1 -> { // invalid UTF-8 somewhere
                byte[] out = bytes.clone();
                out[random.nextInt(out.length)] = (byte) (0x80 + random.nextInt(0x40));
                out[random.nextInt(out.length)] = (byte) 0xC3;
                yield out;
            }
            case 2 -> { // garbage
                byte[] out = new byte[1 + random.nextInt(200)];
                random.nextBytes(out);
                yield out;
            }
            case 3 -> deepNesting(seed, random);
            default -> { // a value somewhere replaced: wrong type, huge string, null, empty container
                JsonNode tree = EventCodec.MAPPER.readTree(seed);
                for (int n = 1 + random.nextInt(3); n > 0; n--) {
                    replaceSomewhere(tree, random);
                }
                yield EventCodec.MAPPER.writeValueAsBytes(tree);
            }
        };
    }

    private static byte[] deepNesting(String seed, Random random) {
        int depth = 50 + random.nextInt(2000);
        String nested = "[".repeat(depth) + "]".repeat(depth);
        String body = seed.startsWith("[") ? "[" + nested + "," + seed.substring(1) : nested;
        return body.getBytes(StandardCharsets.UTF_8);
    }

    private static void replaceSomewhere(JsonNode root, Random random) {
        List<JsonNode> containers = new ArrayList<>();
        collect(root, containers);
        JsonNode container = containers.get(random.nextInt(containers.size()));
        JsonNode replacement = replacement(random);
        if (container instanceof ObjectNode object && !object.isEmpty()) {
            List<String> names = new ArrayList<>();
            object.fieldNames().forEachRemaining(names::add);
            object.set(names.get(random.nextInt(names.size())), replacement);
        } else if (container instanceof ArrayNode array && !array.isEmpty()) {
            array.set(random.nextInt(array.size()), replacement);
        }
    }

    private static void collect(JsonNode node, List<JsonNode> out) {
        if (node.isContainerNode()) {
            out.add(node);
            node.forEach(child -> collect(child, out));
        }
    }

    private static JsonNode replacement(Random random) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        return switch (random.nextInt(9)) {
            case 0 -> f.nullNode();
            case 1 -> f.numberNode(random.nextLong());
            case 2 -> f.numberNode(1e308 * 10);
            case 3 -> f.textNode("x".repeat(100_000));
            case 4 -> f.arrayNode().add("a").add(1);
            case 5 -> f.objectNode().put("nested", true);
            case 6 -> f.booleanNode(random.nextBoolean());
            case 7 -> f.textNode("\u0000\uD800");
            default -> f.textNode("");
        };
    }

    private static String preview(byte[] body) {
        String text = new String(body, 0, Math.min(body.length, 120), StandardCharsets.UTF_8);
        return body.length + " bytes " + text.replaceAll("\\s+", " ");
    }
}
