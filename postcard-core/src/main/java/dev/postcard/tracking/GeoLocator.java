package dev.postcard.tracking;

import java.net.InetAddress;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Looks up the location of a tracking hit's address. Lookups never fail: an unknown, private or unparsable
 * address, or a broken database, gives an empty result, because a location is a nicety and must never cost
 * an event.
 */
public interface GeoLocator extends AutoCloseable {

    /** The location of a public address, or empty. */
    Optional<Location> locate(InetAddress ip);

    /** Releases the database, when there is one. */
    @Override
    default void close() {
    }

    /** A locator that knows nothing, for installations without a database. */
    static GeoLocator none() {
        return NoGeoLocator.INSTANCE;
    }

    /**
     * A locator backed by the MaxMind City database at {@code database} (GeoLite2-City or GeoIP2-City), or
     * {@link #none()} without a path.
     *
     * @throws IllegalArgumentException naming the path when the file is missing or is not a City database,
     *                                  so a misconfigured {@code POSTCARD_GEOIP_DB} stops start-up
     */
    static GeoLocator fromFile(Optional<Path> database) {
        return database.<GeoLocator>map(MaxMindGeoLocator::open).orElseGet(GeoLocator::none);
    }
}
