package dev.postcard.stats;

import java.util.OptionalDouble;

/**
 * The rates of DESIGN §7, fractions between 0 and 1, empty when the denominator is 0: delivery = delivered /
 * sent, bounce = bounced / sent, complaint = complained / delivered, open = unique human opens / delivered,
 * click = unique human clicks / delivered, click-to-open = unique human clicks / unique human opens.
 */
public record Rates(OptionalDouble delivery, OptionalDouble bounce, OptionalDouble complaint, OptionalDouble open,
                    OptionalDouble click, OptionalDouble clickToOpen) {

    static Rates of(StatsCounts c) {
        long sent = c.get(Counter.SENT);
        long delivered = c.get(Counter.DELIVERED);
        long uniqueOpens = c.get(Counter.UNIQUE_HUMAN_OPENS);
        long uniqueClicks = c.get(Counter.UNIQUE_HUMAN_CLICKS);
        return new Rates(ratio(delivered, sent), ratio(c.get(Counter.BOUNCED), sent),
                ratio(c.get(Counter.COMPLAINED), delivered), ratio(uniqueOpens, delivered),
                ratio(uniqueClicks, delivered), ratio(uniqueClicks, uniqueOpens));
    }

    /**
     * Events can arrive without their predecessors (a delivery whose send was never recorded), so a numerator
     * may exceed its denominator; the fraction is capped at 1 to stay a rate.
     */
    private static OptionalDouble ratio(long numerator, long denominator) {
        return denominator == 0 ? OptionalDouble.empty()
                : OptionalDouble.of(Math.min(1.0, (double) numerator / denominator));
    }
}
