package dev.postcard.http;

import io.helidon.http.HeaderNames;
import io.helidon.http.Method;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

/**
 * One of the server's web pages ({@code /dashboard}, {@code /docs}): a single page of static files under
 * {@code /<name>/}. It holds no data and needs no key to load; every answer carries the page's strict
 * Content-Security-Policy, so a string from the API that slipped into the page as markup still could not run.
 */
final class PageRoutes {
    private static final String ALLOW = "GET, HEAD";

    private final PageAssets assets;
    private final String name;
    private final String root;
    private final String contentSecurityPolicy;

    PageRoutes(String name, PageAssets assets, String basePath, String contentSecurityPolicy) {
        this.assets = assets;
        this.name = name;
        this.root = basePath + "/" + name;
        this.contentSecurityPolicy = contentSecurityPolicy;
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
        String file = bare ? "" : path.substring(root.length() + 1);
        PageAssets.Asset asset = assets.find(file.isEmpty() ? "index.html" : file).orElse(null);
        // As on every route: a path that does not exist is 404 whatever the method; a wrong method on one that
        // does is 405.
        if (asset == null) {
            ProblemHandlers.send(res, 404, "Not Found", "the " + name + " page has no file " + file, null);
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
            res.header(HeaderNames.LOCATION, name + "/");
            res.send();
            return;
        }
        serve(req, res, asset);
    }

    private void serve(ServerRequest req, ServerResponse res, PageAssets.Asset asset) {
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

    private void protect(ServerResponse res) {
        res.header(HeaderNames.create("Content-Security-Policy"), contentSecurityPolicy);
        res.header(HeaderNames.create("X-Frame-Options"), "DENY");
        res.header(HeaderNames.X_CONTENT_TYPE_OPTIONS, "nosniff");
        res.header(HeaderNames.create("Referrer-Policy"), "no-referrer");
    }
}
