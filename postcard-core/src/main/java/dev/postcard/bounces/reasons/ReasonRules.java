package dev.postcard.bounces.reasons;

import dev.postcard.bounces.BounceType;
import dev.postcard.bounces.Diagnosis;
import dev.postcard.bounces.Reason;
import dev.postcard.bounces.ReasonClassifier;

/** Placeholder: every bounce is undetermined and soft until the rules land. */
public final class ReasonRules implements ReasonClassifier {
    @Override
    public Reason classify(Diagnosis diagnosis) {
        return new Reason("undefined", "undetermined", BounceType.SOFT);
    }
}
