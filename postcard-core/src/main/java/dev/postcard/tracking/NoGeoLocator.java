package dev.postcard.tracking;

import java.net.InetAddress;
import java.util.Optional;

/** The locator when no database is configured: every address is somewhere unknown. */
final class NoGeoLocator implements GeoLocator {
    static final NoGeoLocator INSTANCE = new NoGeoLocator();

    private NoGeoLocator() {
    }

    @Override
    public Optional<Location> locate(InetAddress ip) {
        return Optional.empty();
    }

    @Override
    public String toString() {
        return "GeoLocator.none()";
    }
}
