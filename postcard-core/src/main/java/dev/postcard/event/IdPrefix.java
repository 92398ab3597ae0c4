package dev.postcard.event;

/** Prefixed, sortable ids: {@code evt_01JDQ4Z6M7X9K2P8R5T3V1W0YA}. */
public enum IdPrefix {
    EVENT("evt_"),
    MESSAGE("msg_"),
    WEBHOOK("wh_"),
    SOURCE("src_"),
    API_KEY("key_"),
    DELIVERY("dlv_"),
    TEMPLATE("tpl_"),
    SEND("snd_");

    private final String prefix;

    IdPrefix(String prefix) {
        this.prefix = prefix;
    }

    public String prefix() {
        return prefix;
    }

    public String newId() {
        return prefix + Ulid.next();
    }

    /** A stable id for the same time and seed; see {@link Ulid#derived}. */
    public String derivedId(java.time.Instant time, String seed) {
        return prefix + Ulid.derived(time, prefix + seed);
    }

    /** True when {@code id} is this prefix followed by a well-formed ULID. */
    public boolean matches(String id) {
        return id != null && id.startsWith(prefix) && Ulid.isValid(id.substring(prefix.length()));
    }
}
