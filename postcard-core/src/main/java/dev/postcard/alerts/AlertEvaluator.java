package dev.postcard.alerts;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.postcard.event.Event;
import dev.postcard.event.EventCodec;
import dev.postcard.event.EventType;
import dev.postcard.event.IdPrefix;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiConsumer;

/**
 * Decides alerts from the counters. An alert of a kind goes from clear to triggered when, over the window, the
 * rate's volume (sent, or delivered) is at least the minimum and the rate reaches its threshold; that crossing
 * is stored, then announced as one {@code alert.triggered} event (its id derived from the crossing, so
 * recording it again stores nothing). A triggered alert clears, without an event, once the rate is below the
 * threshold again, whatever the volume: a quiet hour (nothing left in the window) clears it, a dip in volume
 * alone does not, so the alert does not flap around the minimum.
 */
public final class AlertEvaluator {
    private static final System.Logger LOG = System.getLogger(AlertEvaluator.class.getName());

    private final AlertRows rows;
    private final AlertThresholds thresholds;
    private final Clock clock;
    private final BiConsumer<String, Event> recorder;

    /** {@code recorder} records an event durably (the engine's {@code Recorder::record}). */
    public AlertEvaluator(AlertRows rows, AlertThresholds thresholds, Clock clock, BiConsumer<String, Event> recorder) {
        this.rows = rows;
        this.thresholds = thresholds;
        this.clock = clock;
        this.recorder = recorder;
    }

    /** The minute the window starts with at {@code now}: it holds the current minute and those before it. */
    long windowStart(Instant now) {
        return AlertRows.minuteOf(now.toEpochMilli()) - (thresholds.windowMinutes() - 1) * AlertRows.MINUTE;
    }

    /** Where the tenant's alert of this kind stands; empty until it first triggers. */
    public Optional<AlertState> state(String tenantId, AlertKind kind) {
        return rows.state(tenantId, kind);
    }

    /**
     * Checks both rates of the tenant now. Other nodes may decide at the same moment on counts newer or older
     * than these: the states are read before the counts, and a change is written only if the state is still the
     * one read (the same crossing), so a decision taken on counts another node has overtaken changes nothing.
     */
    public void evaluate(String tenantId) {
        Map<AlertKind, AlertState> seen = rows.states(tenantId);
        Instant now = clock.instant();
        WindowCounts counts = rows.window(tenantId, windowStart(now), AlertRows.minuteOf(now.toEpochMilli())
                + AlertRows.MINUTE);
        for (AlertKind kind : AlertKind.values()) {
            evaluate(tenantId, kind, Optional.ofNullable(seen.get(kind)), counts, now);
        }
    }

    private void evaluate(String tenantId, AlertKind kind, Optional<AlertState> seen, WindowCounts counts,
                          Instant now) {
        double threshold = thresholds.threshold(kind);
        double rate = counts.rate(kind);
        boolean above = rate >= threshold;
        boolean triggered = seen.map(AlertState::triggered).orElse(false);
        Optional<String> seenCrossing = seen.map(AlertState::eventId);
        if (!triggered && above && counts.volume(kind) >= thresholds.minimumVolume()) {
            AlertState crossing = new AlertState(tenantId, kind, true, now, rate, threshold,
                    thresholds.window().toSeconds(), counts,
                    IdPrefix.EVENT.derivedId(now, tenantId + "\n" + kind.wireName()), false);
            if (rows.trigger(crossing, seenCrossing)) {
                announce(crossing);
            }
        } else if (triggered && !above) {
            rows.clear(tenantId, kind, seenCrossing.orElseThrow(), now, rate, counts);
        }
    }

    /**
     * Records the events of crossings that were decided but not announced (the node stopped in between); run at
     * start and then each minute. Returns how many were announced.
     */
    public int announcePending() {
        int announced = 0;
        for (AlertState state : rows.unannounced()) {
            try {
                announce(state);
                announced++;
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "alert event " + state.eventId() + " not recorded yet: " + e);
            }
        }
        return announced;
    }

    /** Re-checks every tenant with counts in the window or an alert triggered, then forgets older minutes. */
    public void evaluateAll() {
        long from = windowStart(clock.instant());
        for (String tenantId : rows.tenantsToCheck(from)) {
            evaluate(tenantId);
        }
        rows.prune(from);
    }

    private void announce(AlertState state) {
        recorder.accept(state.tenantId(), event(state));
        rows.markAnnounced(state.tenantId(), state.kind(), state.eventId());
    }

    /** The {@code alert.triggered} event of a crossing. */
    static Event event(AlertState state) {
        ObjectNode data = EventCodec.MAPPER.createObjectNode();
        data.put("kind", state.kind().wireName());
        data.put("rate", state.rate());
        data.put("threshold", state.threshold());
        data.put("window_seconds", state.windowSeconds());
        data.put("sent", state.counts().sent());
        data.put("delivered", state.counts().delivered());
        data.put(state.kind().countField(), state.counts().affected(state.kind()));
        data.put("since", EventCodec.formatInstant(state.since()));
        return new Event(state.eventId(), EventType.ALERT_TRIGGERED, state.since(), data);
    }
}
