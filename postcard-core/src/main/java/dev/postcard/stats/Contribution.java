package dev.postcard.stats;

import dev.postcard.event.Event;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * What one stored event adds to the aggregates: one to each of {@code counters} in the hour bucket of its
 * {@code created_at}, under every group it belongs to; one to {@code unique}'s counter too when it is the
 * message's first of that kind; and, for a click on a link, a count for that link.
 *
 * @param bucket   epoch millis of the UTC hour of the event's {@code created_at}
 * @param unique   the kind of first this event may be (a first human open, ...); empty without an email_id
 * @param link     the clicked url, for clicks that name one
 */
record Contribution(String tenantId, Optional<String> emailId, long bucket, List<Group> groups,
                           List<Counter> counters, Optional<Unique> unique, Optional<Link> link) {

    private static final long HOUR = Duration.ofHours(1).toMillis();
    /** The provider of events that came from Postcard's own tracking or the API without one. */
    public static final String OWN_PROVIDER = "postcard";

    /** One group an event counts in: {@code (all, "")}, {@code (tag, "welcome")}, ... */
    public record Group(Dimension dimension, String value) {
    }

    /** A kind of first per message (stored in {@code stats_firsts}) and the counter it adds to. */
    public record Unique(String kind, Counter counter) {
    }

    /** A click on {@code url}; {@code uniqueKind} is its first-human-click kind when the message is known. */
    public record Link(String url, boolean human, List<String> tags, Optional<String> uniqueKind) {
    }

    /** Empty for events that count nothing (operational events, {@code email.failed}). */
    public static Optional<Contribution> of(String tenantId, Event event) {
        List<Counter> counters = new ArrayList<>(2);
        Optional<Unique> unique = Optional.empty();
        Optional<Link> link = Optional.empty();
        Optional<String> emailId = event.emailId();
        boolean machine = event.flag("machine");
        switch (event.type()) {
            case EMAIL_SENT -> counters.add(Counter.SENT);
            case EMAIL_DELIVERED -> counters.add(Counter.DELIVERED);
            case EMAIL_DELIVERY_DELAYED -> counters.add(Counter.DELIVERY_DELAYED);
            case EMAIL_BOUNCED -> {
                counters.add(Counter.BOUNCED);
                // Undetermined and unspecified bounces may succeed later: counted with the soft ones.
                boolean hard = event.text("bounce_type").filter("hard"::equals).isPresent();
                counters.add(hard ? Counter.HARD_BOUNCED : Counter.SOFT_BOUNCED);
            }
            case EMAIL_COMPLAINED -> counters.add(Counter.COMPLAINED);
            case EMAIL_UNSUBSCRIBED -> counters.add(Counter.UNSUBSCRIBED);
            case EMAIL_DROPPED -> counters.add(Counter.DROPPED);
            case EMAIL_OPENED -> {
                counters.add(Counter.OPENS);
                counters.add(machine ? Counter.MACHINE_OPENS : Counter.HUMAN_OPENS);
                unique = emailId.map(id -> machine ? new Unique("open.machine", Counter.UNIQUE_MACHINE_OPENS)
                        : new Unique("open.human", Counter.UNIQUE_HUMAN_OPENS));
            }
            case EMAIL_CLICKED -> {
                counters.add(Counter.CLICKS);
                counters.add(machine ? Counter.MACHINE_CLICKS : Counter.HUMAN_CLICKS);
                unique = emailId.map(id -> machine ? new Unique("click.machine", Counter.UNIQUE_MACHINE_CLICKS)
                        : new Unique("click.human", Counter.UNIQUE_HUMAN_CLICKS));
                link = event.text("url").map(url -> new Link(url, !machine, event.texts("tags"),
                        emailId.filter(id -> !machine).map(id -> "click.human " + url)));
            }
            default -> {
                return Optional.empty();
            }
        }
        long millis = event.createdAt().toEpochMilli();
        return Optional.of(new Contribution(tenantId, emailId, Math.floorDiv(millis, HOUR) * HOUR, groups(event),
                counters, unique, link));
    }

    private static List<Group> groups(Event event) {
        List<Group> groups = new ArrayList<>(4);
        groups.add(new Group(Dimension.ALL, ""));
        for (String tag : event.texts("tags")) {
            if (groups.stream().noneMatch(g -> g.dimension() == Dimension.TAG && g.value().equals(tag))) {
                groups.add(new Group(Dimension.TAG, tag));
            }
        }
        event.text("to").map(Contribution::domain).ifPresent(d -> groups.add(new Group(Dimension.DOMAIN, d)));
        groups.add(new Group(Dimension.PROVIDER, event.text("provider").orElse(OWN_PROVIDER)));
        return groups;
    }

    private static String domain(String address) {
        int at = address.lastIndexOf('@');
        return (at < 0 ? address : address.substring(at + 1)).strip().toLowerCase(Locale.ROOT);
    }
}
