package dev.postcard.http;

import io.helidon.http.HeaderNames;
import io.helidon.http.Method;
import io.helidon.webserver.http.Handler;
import io.helidon.webserver.http.HttpRouting;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Registers the handlers of one path under the base path, then answers any other method on it with
 * 405 and an {@code Allow} header, so a wrong method is told apart from a wrong path. Every route goes through
 * here and is recorded, so the API document can be checked against what the server really answers (Helidon's
 * routing cannot list its routes).
 */
public final class Routes {
    /** One registered route: {@code GET} and {@code /v1/webhooks/{id}}, as written, without the base path. */
    public record Route(String method, String path) {
    }

    private final HttpRouting.Builder routing;
    private final String basePath;
    private final List<Route> registered = new ArrayList<>();

    public Routes(HttpRouting.Builder routing, String basePath) {
        this.routing = routing;
        this.basePath = basePath;
    }

    public PathRoutes path(String path) {
        return new PathRoutes(path);
    }

    /** The routes registered so far, in order. */
    public List<Route> registered() {
        return List.copyOf(registered);
    }

    /** The 404 for every path no route claims; registered last. */
    public void finish() {
        routing.any((req, res) -> ProblemHandlers.send(res, 404, "Not Found",
                "no route " + req.path().path(), null));
    }

    public final class PathRoutes {
        private final String template;
        private final String path;
        private final List<Method> methods = new ArrayList<>();

        private PathRoutes(String template) {
            this.template = template;
            this.path = basePath + template;
        }

        public PathRoutes on(Method method, Handler handler) {
            routing.route(method, path, handler);
            methods.add(method);
            registered.add(new Route(method.text(), template));
            return this;
        }

        public PathRoutes get(Handler handler) {
            return on(Method.GET, handler);
        }

        public PathRoutes post(Handler handler) {
            return on(Method.POST, handler);
        }

        public PathRoutes patch(Handler handler) {
            return on(Method.PATCH, handler);
        }

        public PathRoutes delete(Handler handler) {
            return on(Method.DELETE, handler);
        }

        public PathRoutes head(Handler handler) {
            return on(Method.HEAD, handler);
        }

        /** Closes the path: other methods get 405. */
        public void done() {
            String allow = methods.stream().map(Method::text).collect(Collectors.joining(", "));
            routing.any(path, (req, res) -> {
                res.header(HeaderNames.ALLOW, allow);
                ProblemHandlers.send(res, 405, "Method Not Allowed",
                        req.prologue().method().text() + " is not allowed here; use " + allow, null);
            });
        }
    }
}
