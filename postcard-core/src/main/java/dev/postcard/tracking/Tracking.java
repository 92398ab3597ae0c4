package dev.postcard.tracking;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.postcard.ConflictException;
import dev.postcard.InvalidInputException;
import dev.postcard.PostcardConfig;
import dev.postcard.engine.Recorder;
import dev.postcard.event.EmailAddress;
import dev.postcard.event.Event;
import dev.postcard.event.EventCodec;
import dev.postcard.event.EventType;
import dev.postcard.event.IdPrefix;
import dev.postcard.event.Message;
import dev.postcard.event.MessageStatus;
import dev.postcard.event.UnsubscribeMethod;
import dev.postcard.storage.Store;
import dev.postcard.tenant.Tenants;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.SequencedMap;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Engagement tracking: registers and instruments messages, and turns hits on the tracking routes into
 * {@code email.opened}, {@code email.clicked} and {@code email.unsubscribed} events.
 */
public final class Tracking implements AutoCloseable {
    /** The 43-byte transparent 1x1 GIF. */
    public static final byte[] PIXEL = {
        'G', 'I', 'F', '8', '9', 'a', 1, 0, 1, 0, (byte) 0x80, 0, 0, 0, 0, 0, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF,
        '!', (byte) 0xF9, 4, 1, 0, 0, 0, 0, ',', 0, 0, 0, 0, 1, 0, 1, 0, 0, 2, 2, 'D', 1, 0, ';'};
    /** Where {@link #instrument} puts each recipient's unsubscribe link; what rendering a template leaves alone. */
    public static final String UNSUBSCRIBE_PLACEHOLDER = HtmlInstrumenter.UNSUBSCRIBE_PLACEHOLDER;
    /** The placeholder as it is recognised: also percent-encoded, or with spaces inside the braces. */
    public static final Pattern UNSUBSCRIBE_PLACEHOLDERS = HtmlInstrumenter.PLACEHOLDER;

    private static final String SIGNING_KEYS_SETTING = "tracking.signing_keys";
    private static final Pattern EMAIL_ID = Pattern.compile("[A-Za-z0-9_.:\\-]{1,128}");
    private static final int BARE_LINKS_CACHED = 10_000;

    private final Store store;
    private final Recorder recorder;
    private final ClickSigner signer;
    private final TrackingLinks links;
    private final HtmlInstrumenter instrumenter;
    private final InstrumentOptions options;
    private final MachineDetector detector;
    private final GeoLocator geo;
    private final Clock clock;
    private final BareLinkTenants bareLinks;

    Tracking(Store store, Recorder recorder, ClickSigner signer, TrackingLinks links, InstrumentOptions options,
             MachineDetector detector, GeoLocator geo, Clock clock) {
        this.store = store;
        this.recorder = recorder;
        this.signer = signer;
        this.links = links;
        this.instrumenter = new HtmlInstrumenter(links);
        this.options = options;
        this.detector = detector;
        this.geo = geo;
        this.clock = clock;
        this.bareLinks = new BareLinkTenants(BARE_LINKS_CACHED, clock);
    }

    /** Wires tracking from the engine's settings; the signing keys are made once and shared by every node. */
    public static Tracking create(PostcardConfig config, Store store, Recorder recorder) {
        String keys = store.putSettingIfAbsent(SIGNING_KEYS_SETTING, SigningKeys.generate().encode());
        ClickSigner signer = new ClickSigner(SigningKeys.parse(keys));
        TrackingLinks links = new TrackingLinks(config.publicUrl().toString(), config.basePath(), signer);
        InstrumentOptions options = InstrumentOptions.defaults().withExcludedDomains(config.excludedClickDomains());
        MachineDetector detector = new MachineDetector(
                MachineDetectionRules.defaults().withMinClickDelay(config.machineClickWindow()));
        return new Tracking(store, recorder, signer, links, options, detector,
                GeoLocator.fromFile(config.geoIpDatabase()), config.clock());
    }

    public TrackingLinks links() {
        return links;
    }

    /** Registers the message and returns its tracked HTML and the {@code List-Unsubscribe} headers. */
    public Instrumented instrument(String tenantId, InstrumentRequest request) {
        return instrument(tenantId, request, options);
    }

    /**
     * Registers the copies of a send that Postcard hands over itself, in one transaction; a copy registered by an
     * earlier attempt (a retry after a temporary failure) is left as it is. Their HTML is instrumented with
     * {@link #plan} once and filled in for each copy with {@link #linksOf}.
     */
    public void registerCopies(String tenantId, List<InstrumentRequest> copies) {
        Instant now = clock.instant();
        store.registerMessages(copies.stream().map(copy -> message(tenantId, copy, now)).toList());
    }

    /** A send's HTML instrumented with its links left open, for every copy to fill in with {@link #linksOf}. */
    public InstrumentPlan plan(String html, boolean trackOpens, boolean trackClicks) {
        return instrumenter.plan(html, options.withTrackOpens(trackOpens).withTrackClicks(trackClicks));
    }

    /** The URL each hole of a {@link #plan} takes in the tenant's copy {@code emailId}. */
    public Function<LinkHole, String> linksOf(String tenantId, String emailId) {
        return instrumenter.linksOf(LinkId.of(tenantId, emailId).toString());
    }

    /** The {@code List-Unsubscribe} and {@code List-Unsubscribe-Post} headers of the tenant's copy {@code emailId}. */
    public SequencedMap<String, String> unsubscribeHeaders(String tenantId, String emailId) {
        return instrumenter.headers(LinkId.of(tenantId, emailId).toString(), options);
    }

    private Instrumented instrument(String tenantId, InstrumentRequest request, InstrumentOptions used) {
        Message message = message(tenantId, request, clock.instant());
        store.createMessage(message);
        String link = LinkId.of(tenantId, message.id()).toString();
        if (request.html().isPresent()) {
            InstrumentedHtml result = instrumenter.instrument(request.html().get(), link, used);
            return new Instrumented(message.id(), Optional.of(result.html()), result.headers());
        }
        return new Instrumented(message.id(), Optional.empty(), instrumenter.headers(link, used));
    }

    /** The message a request registers, its fields checked. */
    private Message message(String tenantId, InstrumentRequest request, Instant now) {
        String emailId = request.emailId().map(String::strip).orElseGet(IdPrefix.MESSAGE::newId);
        if (!EMAIL_ID.matcher(emailId).matches()) {
            throw new InvalidInputException("email_id", "email_id must be 1 to 128 letters, digits or _ . : -");
        }
        String to = request.to().strip().toLowerCase(Locale.ROOT);
        if (!EmailAddress.isAddress(to)) {
            throw new InvalidInputException("to", "to must be an email address");
        }
        checkLength("from", request.from(), 998);
        checkLength("subject", request.subject(), 998);
        checkLength("html", request.html(), Integer.MAX_VALUE);
        checkTagsAndMetadata(to, request);
        return new Message(emailId, tenantId, Optional.of(to), request.from(), request.subject(), request.tags(),
                request.metadata(), Optional.empty(), Optional.empty(), MessageStatus.CREATED, Message.Counters.ZERO,
                Message.Milestones.NONE, now, now);
    }

    /**
     * Records an open of a known message; an unknown one records nothing (the pixel is served all the same).
     *
     * @param link the link's path segment (see {@link LinkId})
     */
    public void open(String link, HitRequest request) {
        Optional<Message> message = knownMessage(link, false);
        if (message.isEmpty()) {
            return;
        }
        Instant now = clock.instant();
        Hit hit = hit(HitKind.OPEN, request, now, message.get());
        ObjectNode data = hitData(message.get().id(), request, detector.classify(hit));
        recorder.record(message.get().tenantId(), new Event(IdPrefix.EVENT.newId(), EventType.EMAIL_OPENED, now, data));
    }

    /**
     * Checks a click link's signature and records the click. False when the link was not signed by Postcard
     * (or is not http(s)): the caller must then not redirect.
     */
    public boolean click(String link, String url, String signature, HitRequest request) {
        if (!signer.verifyClick(link, url, signature) || !isHttpUrl(url)) {
            return false;
        }
        // Read afresh, not from the cache: the delivery and first-open times move on.
        Optional<Message> message = knownMessage(link, true);
        if (message.isPresent()) {
            Instant now = clock.instant();
            Hit hit = hit(HitKind.CLICK, request, now, message.get());
            ObjectNode data = hitData(message.get().id(), request, detector.classify(hit));
            data.put("url", url);
            recorder.record(message.get().tenantId(),
                    new Event(IdPrefix.EVENT.newId(), EventType.EMAIL_CLICKED, now, data));
        }
        return true;
    }

    public boolean unsubscribeLinkValid(String link, String signature) {
        return signer.verifyUnsubscribe(link, signature);
    }

    /**
     * Records the unsubscribe once per message: the event id is derived from the message, so a second
     * click, a mail client's retry or both routes together store one event.
     */
    public boolean unsubscribe(String link, String signature, UnsubscribeMethod method, HitRequest request) {
        if (!signer.verifyUnsubscribe(link, signature)) {
            return false;
        }
        Optional<Message> message = knownMessage(link, false);
        if (message.isPresent()) {
            String emailId = message.get().id();
            ObjectNode data = EventCodec.MAPPER.createObjectNode();
            data.put("email_id", emailId);
            data.put("method", method.wireName());
            Instant now = clock.instant();
            String id = IdPrefix.EVENT.derivedId(message.get().createdAt(), "unsubscribe:" + emailId);
            recorder.record(message.get().tenantId(), new Event(id, EventType.EMAIL_UNSUBSCRIBED, now, data));
        }
        return true;
    }

    /**
     * The message a link names: by tenant and id, or for a bare (older) link by id alone. {@code fresh} reads the
     * store instead of the caches. Which tenant a bare id names can change when another tenant takes the id: it
     * is cached for a few seconds only ({@link BareLinkTenants}).
     */
    private Optional<Message> knownMessage(String link, boolean fresh) {
        if (link == null) {
            return Optional.empty();
        }
        LinkId id = LinkId.parse(link);
        if (!EMAIL_ID.matcher(id.emailId()).matches() || !id.tenantId().map(Tenants::isWellFormedId).orElse(true)) {
            return Optional.empty();
        }
        if (id.tenantId().isEmpty()) {
            if (fresh) {
                return store.findMessageWithoutTenant(id.emailId());
            }
            return bareLinks.tenantOf(id.emailId(), e -> store.findMessageWithoutTenant(e).map(Message::tenantId))
                    .flatMap(tenant -> recorder.message(tenant, id.emailId()));
        }
        return fresh ? store.findMessage(id.tenantId().get(), id.emailId())
                : recorder.message(id.tenantId().get(), id.emailId());
    }

    private Hit hit(HitKind kind, HitRequest request, Instant now, Message message) {
        Message.Milestones milestones = message.milestones();
        // Sent = delivered when the provider told us, else when the message was registered.
        return new Hit(kind, request.method(), request.userAgent().orElse(""), request.clientIp(), now,
                Optional.of(milestones.deliveredAt().orElse(message.createdAt())), milestones.firstOpenedAt());
    }

    private ObjectNode hitData(String emailId, HitRequest request, MachineVerdict verdict) {
        ObjectNode data = EventCodec.MAPPER.createObjectNode();
        data.put("email_id", emailId);
        request.clientIp().ifPresent(ip -> data.put("ip_address", ip.getHostAddress()));
        request.userAgent().ifPresent(ua -> data.put("user_agent", ua));
        request.clientIp().flatMap(geo::locate).filter(l -> !l.isEmpty()).ifPresent(location -> {
            ObjectNode node = data.putObject("location");
            location.country().ifPresent(c -> node.put("country", c));
            location.city().ifPresent(c -> node.put("city", c));
        });
        data.put("machine", verdict.machine());
        verdict.reason().ifPresent(r -> data.put("machine_reason", r));
        return data;
    }

    /** Releases the GeoIP database. */
    @Override
    public void close() {
        geo.close();
    }

    private static boolean isHttpUrl(String url) {
        String lower = url.toLowerCase(Locale.ROOT);
        return lower.startsWith("http://") || lower.startsWith("https://");
    }

    private static void checkLength(String field, Optional<String> value, int max) {
        if (value.isPresent() && value.get().length() > max) {
            throw new InvalidInputException(field, field + " is longer than " + max + " characters");
        }
    }

    /** Tags and metadata travel into every event of the message, so they meet the event rules now. */
    private void checkTagsAndMetadata(String to, InstrumentRequest request) {
        try {
            EventCodec.fromInput(validationEnvelope(to, request), clock);
        } catch (InvalidInputException e) {
            throw new InvalidInputException(e.field().replaceFirst("^data\\.", ""), e.getMessage().replace("data.", ""));
        }
    }

    private static ObjectNode validationEnvelope(String to, InstrumentRequest request) {
        ObjectNode envelope = EventCodec.MAPPER.createObjectNode();
        envelope.put("type", EventType.EMAIL_SENT.wireName());
        ObjectNode data = envelope.putObject("data");
        data.put("to", to);
        ArrayNode tags = data.putArray("tags");
        request.tags().forEach(tags::add);
        data.set("metadata", request.metadata());
        return envelope;
    }
}
