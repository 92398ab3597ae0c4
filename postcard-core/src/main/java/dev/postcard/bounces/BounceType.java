package dev.postcard.bounces;

/** Hard: the address will never work (unknown user or host, moved, not accepting mail). Soft: everything else. */
public enum BounceType {
    HARD("hard"), SOFT("soft");

    private final String wireName;

    BounceType(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }
}
