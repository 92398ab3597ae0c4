package dev.postcard.tracking;

/** Which tracking route a hit came in on. */
enum HitKind {
    /** The open pixel. */
    OPEN,
    /** A signed click redirect. */
    CLICK,
    /** The unsubscribe confirmation page ({@code GET}); the one-click {@code POST} is not classified. */
    UNSUBSCRIBE_PAGE
}
