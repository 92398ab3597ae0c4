package dev.postcard.suppression;

import java.util.Arrays;
import java.util.Optional;

/** Why an address is suppressed; the wire names are the API's and the CSV's vocabulary. */
public enum SuppressionReason {
    HARD_BOUNCE("hard_bounce"),
    COMPLAINT("complaint"),
    UNSUBSCRIBE("unsubscribe"),
    SOFT_BOUNCES("soft_bounces"),
    MANUAL("manual");

    private final String wireName;

    SuppressionReason(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    public static Optional<SuppressionReason> fromWireName(String name) {
        return Arrays.stream(values()).filter(r -> r.wireName.equals(name)).findFirst();
    }

    public static String vocabulary() {
        return String.join(", ", Arrays.stream(values()).map(SuppressionReason::wireName).toList());
    }
}
