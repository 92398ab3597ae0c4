package dev.postcard.bounces;

import dev.postcard.bounces.reasons.ReasonRules;

/** Where a {@link BounceClassifier} comes from. */
public final class Bounces {
    private Bounces() {
    }

    /** The default classifier with Postcard's reason rules. */
    public static BounceClassifier classifier() {
        return classifier(new ReasonRules());
    }

    /** A classifier that decides reasons with the given rules (tests, or other rule sets). */
    public static BounceClassifier classifier(ReasonClassifier reasons) {
        return new MailBounceClassifier(reasons);
    }
}
