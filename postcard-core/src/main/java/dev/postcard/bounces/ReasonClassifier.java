package dev.postcard.bounces;

/** Decides why a recipient bounced from what the bounce says about it. */
@FunctionalInterface
public interface ReasonClassifier {
    Reason classify(Diagnosis diagnosis);
}
