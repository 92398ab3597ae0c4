package dev.postcard.providers;

import java.time.Clock;
import java.util.Objects;

/** What verifiers may use beyond their settings: the engine's clock and a way to fetch public URLs. */
public record ProviderContext(Clock clock, HttpGetter http) {
    public ProviderContext {
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(http, "http");
    }
}
