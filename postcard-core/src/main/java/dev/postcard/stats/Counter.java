package dev.postcard.stats;

/** The counts kept per bucket, in the order of their columns in {@code stats_hourly}. */
public enum Counter {
    SENT("sent"),
    DELIVERED("delivered"),
    DELIVERY_DELAYED("delivery_delayed"),
    BOUNCED("bounced"),
    HARD_BOUNCED("hard_bounced"),
    SOFT_BOUNCED("soft_bounced"),
    COMPLAINED("complained"),
    UNSUBSCRIBED("unsubscribed"),
    DROPPED("dropped"),
    OPENS("opens"),
    HUMAN_OPENS("human_opens"),
    MACHINE_OPENS("machine_opens"),
    UNIQUE_HUMAN_OPENS("unique_human_opens"),
    UNIQUE_MACHINE_OPENS("unique_machine_opens"),
    CLICKS("clicks"),
    HUMAN_CLICKS("human_clicks"),
    MACHINE_CLICKS("machine_clicks"),
    UNIQUE_HUMAN_CLICKS("unique_human_clicks"),
    UNIQUE_MACHINE_CLICKS("unique_machine_clicks");

    private static final Counter[] ALL = values();

    private final String column;

    Counter(String column) {
        this.column = column;
    }

    public String column() {
        return column;
    }

    public static Counter[] all() {
        return ALL.clone();
    }

    public static int count() {
        return ALL.length;
    }
}
