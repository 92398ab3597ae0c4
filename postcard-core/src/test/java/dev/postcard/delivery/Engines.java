package dev.postcard.delivery;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.postcard.Postcard;
import dev.postcard.event.Event;
import dev.postcard.event.EventCodec;
import dev.postcard.event.EventType;
import dev.postcard.event.IdPrefix;
import dev.postcard.secrets.StoredSecret;
import dev.postcard.testing.MovableClock;
import java.time.Duration;
import java.util.List;
import java.util.function.BooleanSupplier;

/** Engines with a fast retry schedule that may call 127.0.0.1, and what their delivery tests share. */
final class Engines {
    static final String TENANT = "default";
    /**
     * The time of every delivery engine here: it runs, as the retry schedule of milliseconds is waited out for
     * real, and it is one clock, so engines sharing a database agree on leases and due times.
     */
    static final MovableClock CLOCK = MovableClock.running();

    private Engines() {
    }

    static Postcard.Builder fast(String databaseUrl) {
        return Postcard.builder()
                .databaseUrl(databaseUrl)
                .clock(CLOCK)
                .allowPrivateNetworks(true)
                .deliveryTimeout(Duration.ofSeconds(5))
                .deliveryRetrySchedule(new RetrySchedule(List.of(Duration.ofMillis(50), Duration.ofMillis(100)), 0));
    }

    static Webhook subscribe(Postcard postcard, Receiver receiver, String path, String secret) {
        return subscribe(postcard, receiver, path, secret, List.of("*"));
    }

    static Webhook subscribe(Postcard postcard, Receiver receiver, String path, String secret, List<String> events) {
        Webhook webhook = Webhook.create(IdPrefix.WEBHOOK.newId(), TENANT, receiver.url(path), "test receiver",
                events, new StoredSecret(secret), CLOCK.instant());
        postcard.deliveries().createWebhook(webhook);
        return webhook;
    }

    static Event delivered(String emailId) {
        ObjectNode data = EventCodec.MAPPER.createObjectNode();
        data.put("email_id", emailId);
        data.put("to", "user@example.com");
        return new Event(IdPrefix.EVENT.newId(), EventType.EMAIL_DELIVERED, CLOCK.instant(), data);
    }

    static List<Delivery> deliveries(Postcard postcard, Webhook webhook) {
        return postcard.deliveries().listDeliveries(TENANT, webhook.id(), java.util.Optional.empty(),
                java.util.Optional.empty(), 100).items();
    }

    static boolean allIn(Postcard postcard, Webhook webhook, DeliveryStatus status, int count) {
        List<Delivery> all = deliveries(postcard, webhook);
        return all.size() == count && all.stream().allMatch(d -> d.status() == status);
    }

    /** Waits until {@code condition} holds; fails with {@code what} when it does not within {@code limit}. */
    static void await(String what, Duration limit, BooleanSupplier condition) {
        long deadline = System.nanoTime() + limit.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + limit + " waiting until " + what);
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted waiting until " + what);
            }
        }
    }
}
