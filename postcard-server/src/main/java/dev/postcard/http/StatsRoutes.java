package dev.postcard.http;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.postcard.InvalidInputException;
import dev.postcard.NotFoundException;
import dev.postcard.Postcard;
import dev.postcard.event.EventCodec;
import dev.postcard.stats.Counter;
import dev.postcard.stats.Dimension;
import dev.postcard.stats.Interval;
import dev.postcard.stats.LinkClicks;
import dev.postcard.stats.Rates;
import dev.postcard.stats.StatsCounts;
import dev.postcard.stats.StatsQuery;
import dev.postcard.stats.StatsRow;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * {@code GET /v1/stats} (counts and rates by bucket and group), {@code GET /v1/stats/links} (clicks per link,
 * for a tag or every message) and {@code GET /v1/emails/{id}/links} (clicks per link of one message).
 */
final class StatsRoutes {
    static final int MAX_LINKS = 1000;

    private final Postcard postcard;
    private final Authenticator auth;

    StatsRoutes(Postcard postcard, Authenticator auth) {
        this.postcard = postcard;
        this.auth = auth;
    }

    void register(Routes routes) {
        routes.path("/v1/stats").get(this::stats).done();
        routes.path("/v1/stats/links").get(this::tagLinks).done();
        routes.path("/v1/emails/{id}/links").get(this::emailLinks).done();
    }

    private void stats(ServerRequest req, ServerResponse res) {
        Caller caller = auth.authenticate(req);
        QueryParams params = new QueryParams(req);
        Optional<Interval> interval = params.text("interval").map(v -> Interval.of(v).orElseThrow(() ->
                new InvalidInputException("interval", "interval must be hour or day")));
        Dimension groupBy = params.text("group_by").map(v -> Dimension.groupBy(v).orElseThrow(() ->
                new InvalidInputException("group_by", "group_by must be tag, domain or provider"))).orElse(Dimension.ALL);
        StatsQuery query = period(params, interval, groupBy);
        ObjectNode body = JsonResponses.object();
        ArrayNode data = body.putArray("data");
        for (StatsRow row : postcard.stats().query(caller.tenantId(), query)) {
            data.add(render(row));
        }
        JsonResponses.send(res, 200, body);
    }

    private void tagLinks(ServerRequest req, ServerResponse res) {
        Caller caller = auth.authenticate(req);
        QueryParams params = new QueryParams(req);
        Optional<String> tag = params.text("tag");
        StatsQuery period = period(params, Optional.empty(), Dimension.ALL);
        int limit = params.limit(MAX_LINKS);
        send(res, postcard.stats().linksOfTag(caller.tenantId(), tag, period, limit));
    }

    private void emailLinks(ServerRequest req, ServerResponse res) {
        Caller caller = auth.authenticate(req);
        String id = PathIds.of(req, "id", "email");
        int limit = new QueryParams(req).limit(MAX_LINKS);
        postcard.emails().find(caller.tenantId(), id)
                .orElseThrow(() -> new NotFoundException("no email '" + id + "'"));
        send(res, postcard.stats().linksOfEmail(caller.tenantId(), id, limit));
    }

    /** {@code to} defaults to now, {@code from} to {@link StatsQuery#DEFAULT_PERIOD} before {@code to}. */
    private StatsQuery period(QueryParams params, Optional<Interval> interval, Dimension groupBy) {
        Instant to = params.instant("to").orElseGet(postcard.clock()::instant);
        Instant from = params.instant("from").orElseGet(() -> to.minus(StatsQuery.DEFAULT_PERIOD));
        return new StatsQuery(from, to, interval, groupBy);
    }

    static ObjectNode render(StatsRow row) {
        ObjectNode out = JsonResponses.object();
        row.group().ifPresent(value -> out.put(row.dimension().wireName(), value));
        row.bucket().ifPresent(bucket -> out.put("bucket", EventCodec.formatInstant(bucket)));
        StatsCounts c = row.counts();
        for (Counter counter : List.of(Counter.SENT, Counter.DELIVERED, Counter.DELIVERY_DELAYED, Counter.BOUNCED,
                Counter.HARD_BOUNCED, Counter.SOFT_BOUNCED, Counter.COMPLAINED, Counter.UNSUBSCRIBED, Counter.DROPPED)) {
            out.put(counter.column(), c.get(counter));
        }
        engagement(out.putObject("opens"), c.get(Counter.OPENS), c.get(Counter.HUMAN_OPENS), c.get(Counter.MACHINE_OPENS),
                c.get(Counter.UNIQUE_HUMAN_OPENS), c.get(Counter.UNIQUE_MACHINE_OPENS));
        engagement(out.putObject("clicks"), c.get(Counter.CLICKS), c.get(Counter.HUMAN_CLICKS),
                c.get(Counter.MACHINE_CLICKS), c.get(Counter.UNIQUE_HUMAN_CLICKS), c.get(Counter.UNIQUE_MACHINE_CLICKS));
        Rates rates = c.rates();
        rate(out, "delivery_rate", rates.delivery());
        rate(out, "bounce_rate", rates.bounce());
        rate(out, "complaint_rate", rates.complaint());
        rate(out, "open_rate", rates.open());
        rate(out, "click_rate", rates.click());
        rate(out, "click_to_open_rate", rates.clickToOpen());
        return out;
    }

    private static void engagement(ObjectNode out, long total, long human, long machine, long uniqueHuman,
            long uniqueMachine) {
        out.put("total", total);
        out.put("human", human);
        out.put("machine", machine);
        out.put("unique_human", uniqueHuman);
        out.put("unique_machine", uniqueMachine);
    }

    private static void rate(ObjectNode out, String field, OptionalDouble value) {
        if (value.isPresent()) {
            out.put(field, value.getAsDouble());
        } else {
            out.putNull(field);
        }
    }

    private static void send(ServerResponse res, List<LinkClicks> links) {
        ObjectNode body = JsonResponses.object();
        ArrayNode data = body.putArray("data");
        for (LinkClicks link : links) {
            ObjectNode row = data.addObject();
            row.put("url", link.url());
            ObjectNode clicks = row.putObject("clicks");
            clicks.put("total", link.total());
            clicks.put("human", link.human());
            clicks.put("unique_human", link.uniqueHuman());
        }
        JsonResponses.send(res, 200, body);
    }
}
