package dev.postcard.providers;

/** The providers Postcard knows out of the box. */
public final class BuiltInProviders {
    private BuiltInProviders() {
    }

    public static Providers all() {
        Providers providers = new Providers();
        return providers;
    }
}
