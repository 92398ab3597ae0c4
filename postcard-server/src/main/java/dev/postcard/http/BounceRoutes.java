package dev.postcard.http;

import dev.postcard.InvalidInputException;
import dev.postcard.bounces.BounceClassifier;
import dev.postcard.bounces.ClassificationJson;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

/**
 * {@code POST /v1/bounces/classify}: the raw message as the body, its classification as the answer. For operators
 * debugging a bounce; nothing is recorded.
 */
final class BounceRoutes {
    private final BounceClassifier classifier;
    private final Authenticator auth;
    private final RequestBodies bodies;

    BounceRoutes(BounceClassifier classifier, Authenticator auth, RequestBodies bodies) {
        this.classifier = classifier;
        this.auth = auth;
        this.bodies = bodies;
    }

    void register(Routes routes) {
        routes.path("/v1/bounces/classify").post(this::classify).done();
    }

    private void classify(ServerRequest req, ServerResponse res) {
        auth.authenticate(req);
        byte[] message = bodies.bytes(req);
        if (message.length == 0) {
            throw new InvalidInputException("body", "the body must be the raw message (RFC 5322), as received");
        }
        JsonResponses.send(res, 200, ClassificationJson.of(classifier.classify(message)));
    }
}
