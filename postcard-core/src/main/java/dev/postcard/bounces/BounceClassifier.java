package dev.postcard.bounces;

/**
 * Classifies a raw RFC 5322 message returned to a sender: a DSN, an ARF report, an MTA's own bounce format, an
 * auto-reply, or ordinary mail. Pure: no I/O, no storage; safe for concurrent use.
 */
public interface BounceClassifier {

    /** Never throws for any input: what cannot be read is {@link MessageKind#NONE}. */
    Classification classify(byte[] rawMessage);
}
