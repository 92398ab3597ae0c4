package dev.postcard.alerts;

/** A tenant's counts over the alert window. */
public record WindowCounts(long sent, long delivered, long bounced, long complained) {
    static final WindowCounts NONE = new WindowCounts(0, 0, 0, 0);

    /** The rate's numerator: bounced for the bounce rate, complained for the complaint rate. */
    public long affected(AlertKind kind) {
        return kind == AlertKind.BOUNCE_RATE ? bounced : complained;
    }

    /** The rate's denominator, which the minimum volume applies to: sent, or delivered. */
    public long volume(AlertKind kind) {
        return kind == AlertKind.BOUNCE_RATE ? sent : delivered;
    }

    /** 0 when nothing was sent (or delivered) in the window and nothing bounced (or complained) either. */
    public double rate(AlertKind kind) {
        long volume = volume(kind);
        long affected = affected(kind);
        if (volume == 0) {
            return affected == 0 ? 0 : Double.POSITIVE_INFINITY;
        }
        return (double) affected / volume;
    }
}
