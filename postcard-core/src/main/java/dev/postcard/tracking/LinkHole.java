package dev.postcard.tracking;

/**
 * A place in an instrumented message that holds a link of one copy: the signed click URL of one target, the open
 * pixel's URL or the unsubscribe URL. Equal holes take the same value in a copy.
 */
public sealed interface LinkHole {
    /** The signed click URL that redirects to {@code url}. */
    record Click(String url) implements LinkHole {
    }

    /** The open pixel's URL. */
    record Open() implements LinkHole {
    }

    /** The signed unsubscribe URL. */
    record Unsubscribe() implements LinkHole {
    }
}
