package dev.postcard.server;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * A steady load on several nodes: each writer posts arrays of {@code email.delivered} events with unique ids,
 * each array to the next live node in turn. When a node does not answer (it was killed), the same array goes to
 * another live node, as a client would retry it: events the dead node had stored come back as duplicates.
 */
final class SteadyLoad implements AutoCloseable {
    private final NodeClient client;
    private final Supplier<List<ServerProcess>> liveNodes;
    private final int batch;
    private final Duration pause;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final Set<String> attempted = ConcurrentHashMap.newKeySet();
    private final Set<String> acknowledged = ConcurrentHashMap.newKeySet();
    private final Set<String> unacknowledged = ConcurrentHashMap.newKeySet();
    private final List<Thread> writers = new ArrayList<>();

    SteadyLoad(NodeClient client, Supplier<List<ServerProcess>> liveNodes, int writers, int batch, Duration pause) {
        this.client = client;
        this.liveNodes = liveNodes;
        this.batch = batch;
        this.pause = pause;
        for (int w = 0; w < writers; w++) {
            int writer = w;
            this.writers.add(Thread.ofPlatform().name("load-writer-" + w).daemon(true).unstarted(() -> write(writer)));
        }
    }

    void start() {
        writers.forEach(Thread::start);
    }

    private void write(int writer) {
        for (int i = 0; running.get(); i++) {
            List<String> ids = new ArrayList<>(batch);
            StringBuilder json = new StringBuilder("[");
            for (int j = 0; j < batch; j++) {
                String id = "evt_load_" + writer + "_" + i + "_" + j;
                ids.add(id);
                json.append(j == 0 ? "" : ",").append("{\"id\": \"").append(id)
                        .append("\", \"type\": \"email.delivered\", \"data\": {\"to\": \"reader-").append(writer)
                        .append("@example.com\"}}");
            }
            json.append(']');
            attempted.addAll(ids);
            (send(writer + i, json.toString()) ? acknowledged : unacknowledged).addAll(ids);
            sleep(pause);
        }
    }

    /** True once a node answered 200 with every item created or a duplicate. */
    private boolean send(int turn, String json) {
        for (int attempt = 0; attempt < 10; attempt++) {
            List<ServerProcess> nodes = liveNodes.get();
            ServerProcess node = nodes.get(Math.floorMod(turn + attempt, nodes.size()));
            Optional<HttpResponse<String>> answer = client.post(node, "default", "/v1/events", json);
            if (answer.isPresent() && answer.get().statusCode() == 200 && !answer.get().body().contains("\"rejected\"")) {
                return true;
            }
            sleep(Duration.ofMillis(200));
        }
        return false;
    }

    /** Events that were posted at least once. */
    Set<String> attempted() {
        return Set.copyOf(attempted);
    }

    /** Events some node acknowledged (2xx). */
    Set<String> acknowledged() {
        return Set.copyOf(acknowledged);
    }

    /** Events no node acknowledged after every retry. */
    Set<String> unacknowledged() {
        return Set.copyOf(unacknowledged);
    }

    /** Stops the writers after the arrays they are sending. */
    @Override
    public void close() throws InterruptedException {
        running.set(false);
        for (Thread writer : writers) {
            writer.join(Duration.ofSeconds(60));
        }
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
