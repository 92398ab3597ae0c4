package dev.postcard.http;

import io.helidon.http.HeaderNames;
import io.helidon.http.Method;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

/**
 * {@code /dashboard}: the web dashboard, a single page of static files that talks to the public {@code /v1} API
 * with the key its user types. It holds no data and needs no key to load; every answer carries a strict
 * Content-Security-Policy, so a string from the API that slipped into the page as markup still could not run.
 */
final class DashboardRoutes {
    /** Only this origin's scripts, styles and API; no inline code, no frames, no forms posting elsewhere. */
    static final String CONTENT_SECURITY_POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; "
            + "img-src 'self' data:; connect-src 'self'; font-src 'self'; base-uri 'none'; form-action 'self'; "
            + "frame-ancestors 'none'";
    private static final String ALLOW = "GET, HEAD";

    private final DashboardAssets assets;
    private final String root;

    DashboardRoutes(DashboardAssets assets, String basePath) {
        this.assets = assets;
        this.root = basePath + "/dashboard";
    }

    /** Registered on the routing itself, before the API's catch-all 404, so even a 404 or 405 here is protected. */
    void register(HttpRouting.Builder routing) {
        routing.any(root, this::handle);
        routing.any(root + "/*", this::handle);
    }

    private void handle(ServerRequest req, ServerResponse res) {
        protect(res);
        String path = req.path().path();
        boolean bare = path.equals(root);
        String name = bare ? "" : path.substring(root.length() + 1);
        DashboardAssets.Asset asset = assets.find(name.isEmpty() ? "index.html" : name).orElse(null);
        // As on every route: a path that does not exist is 404 whatever the method; a wrong method on one that
        // does is 405.
        if (asset == null) {
            ProblemHandlers.send(res, 404, "Not Found", "the dashboard has no file " + name, null);
            return;
        }
        Method method = req.prologue().method();
        if (!method.equals(Method.GET) && !method.equals(Method.HEAD)) {
            res.header(HeaderNames.ALLOW, ALLOW);
            ProblemHandlers.send(res, 405, "Method Not Allowed", method.text() + " is not allowed here; use " + ALLOW,
                    null);
            return;
        }
        if (bare) {
            // Relative, so it holds behind a proxy that strips a prefix: the page's own links are relative too.
            res.status(Status.MOVED_PERMANENTLY_301);
            res.header(HeaderNames.LOCATION, "dashboard/");
            res.send();
            return;
        }
        serve(req, res, asset);
    }

    private void serve(ServerRequest req, ServerResponse res, DashboardAssets.Asset asset) {
        res.header(HeaderNames.ETAG, asset.etag());
        // The page and its modules change with the server: always revalidate (a 304 is cheap). The vendored
        // library changes only with its WebJar.
        res.header(HeaderNames.CACHE_CONTROL, asset.versioned() ? "public, max-age=86400" : "no-cache");
        boolean unchanged = req.headers().first(HeaderNames.IF_NONE_MATCH)
                .map(tags -> tags.contains(asset.etag()) || tags.strip().equals("*")).orElse(false);
        if (unchanged) {
            res.status(Status.NOT_MODIFIED_304).send();
            return;
        }
        res.header(HeaderNames.CONTENT_TYPE, asset.contentType());
        res.send(asset.body());
    }

    private static void protect(ServerResponse res) {
        res.header(HeaderNames.create("Content-Security-Policy"), CONTENT_SECURITY_POLICY);
        res.header(HeaderNames.create("X-Frame-Options"), "DENY");
        res.header(HeaderNames.X_CONTENT_TYPE_OPTIONS, "nosniff");
        res.header(HeaderNames.create("Referrer-Policy"), "no-referrer");
    }
}
