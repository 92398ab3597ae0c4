package dev.postcard.http;

import dev.postcard.event.UnsubscribeMethod;
import dev.postcard.tracking.HitRequest;
import dev.postcard.tracking.Tracking;
import io.helidon.http.HeaderNames;
import io.helidon.http.Method;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * The public tracking routes of DESIGN §4. They answer people's mail clients and browsers, so errors are
 * small HTML pages rather than problem JSON; none of them redirects anywhere it did not sign.
 */
final class TrackingRoutes {
    private static final String NO_STORE = "no-store, no-cache, must-revalidate, private";

    private final Tracking tracking;
    private final RequestBodies bodies;
    private final ClientAddresses clients;

    TrackingRoutes(Tracking tracking, RequestBodies bodies, ClientAddresses clients) {
        this.tracking = tracking;
        this.bodies = bodies;
        this.clients = clients;
    }

    void register(Routes routes) {
        routes.path("/track/open/{emailId}").get(this::open).head(this::open).done();
        routes.path("/track/click/{emailId}").get(this::click).head(this::click).done();
        routes.path("/track/unsubscribe/{emailId}").get(this::unsubscribePage).head(this::unsubscribePage)
                .post(this::unsubscribe).done();
    }

    /** The pixel is the same for every id, known or not, so the answer tells nothing about which ids exist. */
    private void open(ServerRequest req, ServerResponse res) {
        tracking.open(req.path().pathParameters().get("emailId"), hit(req));
        res.header(HeaderNames.CONTENT_TYPE, "image/gif");
        res.header(HeaderNames.CACHE_CONTROL, NO_STORE);
        res.header(HeaderNames.PRAGMA, "no-cache");
        res.header(HeaderNames.EXPIRES, "0");
        sendBody(req, res, Tracking.PIXEL);
    }

    private void click(ServerRequest req, ServerResponse res) {
        String emailId = req.path().pathParameters().get("emailId");
        Optional<String> url = req.query().first("url").asOptional();
        Optional<String> sig = req.query().first("sig").asOptional();
        if (url.isEmpty() || sig.isEmpty()) {
            page(req, res, 400, "Invalid link", "This link is incomplete. Please use the link from the original email.");
            return;
        }
        if (!tracking.click(emailId, url.get(), sig.get(), hit(req))) {
            page(req, res, 400, "Invalid link", "This link is not valid. Please use the link from the original email.");
            return;
        }
        res.status(Status.FOUND_302);
        res.header(HeaderNames.LOCATION, RedirectLocation.of(url.get()));
        res.header(HeaderNames.CACHE_CONTROL, NO_STORE);
        res.header(HeaderNames.create("Referrer-Policy"), "no-referrer");
        res.send();
    }

    private void unsubscribePage(ServerRequest req, ServerResponse res) {
        String emailId = req.path().pathParameters().get("emailId");
        Optional<String> sig = req.query().first("sig").asOptional();
        if (sig.isEmpty() || !tracking.unsubscribeLinkValid(emailId, sig.get())) {
            page(req, res, 400, "Invalid link", "This unsubscribe link is not valid. Please use the link from the original email.");
            return;
        }
        String action = "?sig=" + java.net.URLEncoder.encode(sig.get(), StandardCharsets.UTF_8);
        String html = HtmlPages.page("Unsubscribe", "<h1>Unsubscribe</h1>"
                + "<p>Do you want to stop receiving these emails?</p>"
                + "<form method=\"post\" action=\"" + HtmlPages.escape(action) + "\">"
                + "<input type=\"hidden\" name=\"confirm\" value=\"yes\">"
                + "<button type=\"submit\">Unsubscribe</button></form>");
        res.header(HeaderNames.CONTENT_TYPE, "text/html; charset=utf-8");
        res.header(HeaderNames.CACHE_CONTROL, NO_STORE);
        HtmlPages.protect(res);
        sendBody(req, res, html.getBytes(StandardCharsets.UTF_8));
    }

    /** RFC 8058 one-click (mail clients) or the confirmation form (people); both idempotent. */
    private void unsubscribe(ServerRequest req, ServerResponse res) {
        String emailId = req.path().pathParameters().get("emailId");
        Optional<String> sig = req.query().first("sig").asOptional();
        byte[] body = bodies.bytes(req);
        if (sig.isEmpty() || !tracking.unsubscribeLinkValid(emailId, sig.get())) {
            page(req, res, 400, "Invalid link", "This unsubscribe link is not valid.");
            return;
        }
        String contentType = req.headers().first(HeaderNames.CONTENT_TYPE).orElse("");
        UnsubscribeMethod method = OneClickForm.isOneClick(contentType, body) ? UnsubscribeMethod.ONE_CLICK
                : UnsubscribeMethod.LINK;
        tracking.unsubscribe(emailId, sig.get(), method, hit(req));
        page(req, res, 200, "Unsubscribed", "You have been unsubscribed and will not receive these emails any more.");
    }

    private HitRequest hit(ServerRequest req) {
        return new HitRequest(req.prologue().method() == Method.HEAD,
                req.headers().first(HeaderNames.USER_AGENT), clients.of(req));
    }

    private static void page(ServerRequest req, ServerResponse res, int status, String title, String message) {
        res.status(Status.create(status));
        res.header(HeaderNames.CONTENT_TYPE, "text/html; charset=utf-8");
        res.header(HeaderNames.CACHE_CONTROL, NO_STORE);
        HtmlPages.protect(res);
        sendBody(req, res, HtmlPages.page(title, "<h1>" + HtmlPages.escape(title) + "</h1><p>"
                + HtmlPages.escape(message) + "</p>").getBytes(StandardCharsets.UTF_8));
    }

    /** HEAD answers with the headers GET would send, and no body. */
    private static void sendBody(ServerRequest req, ServerResponse res, byte[] body) {
        if (req.prologue().method() == Method.HEAD) {
            res.header(HeaderNames.CONTENT_LENGTH, String.valueOf(body.length));
            res.send();
        } else {
            res.send(body);
        }
    }
}
