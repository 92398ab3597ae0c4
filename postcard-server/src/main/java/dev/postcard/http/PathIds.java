package dev.postcard.http;

import dev.postcard.NotFoundException;
import dev.postcard.event.StorableText;
import io.helidon.webserver.http.ServerRequest;

/** Path parameters that name stored objects. */
final class PathIds {
    private PathIds() {
    }

    /**
     * The id in the path parameter {@code name}. Text no stored id can hold (NUL, unpaired surrogates) is not
     * found, like any other unknown id, instead of being sent to the database.
     */
    static String of(ServerRequest req, String name, String what) {
        String id = req.path().pathParameters().get(name);
        if (!StorableText.isStorable(id)) {
            throw new NotFoundException("no " + what + " with this id");
        }
        return id;
    }
}
