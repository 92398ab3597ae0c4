package dev.postcard.tracking;

import com.maxmind.db.CHMCache;
import com.maxmind.geoip2.DatabaseReader;
import com.maxmind.geoip2.model.CityResponse;
import dev.postcard.net.CidrBlock;
import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * {@link GeoLocator} over a MaxMind City database, memory-mapped, with MaxMind's concurrent cache: the same
 * few proxy and office addresses hit the tracking routes over and over.
 */
final class MaxMindGeoLocator implements GeoLocator {
    private static final Logger LOG = Logger.getLogger(MaxMindGeoLocator.class.getName());

    /** Addresses a public database cannot place, beyond what {@link InetAddress} already flags. */
    private static final List<CidrBlock> NOT_PUBLIC = List.of(
            CidrBlock.parse("0.0.0.0/8"),      // "this network"
            CidrBlock.parse("100.64.0.0/10"),  // carrier-grade NAT (RFC 6598)
            CidrBlock.parse("fc00::/7"));      // IPv6 unique local (RFC 4193)

    private final Path path;
    private final DatabaseReader reader;

    private MaxMindGeoLocator(Path path, DatabaseReader reader) {
        this.path = path;
        this.reader = reader;
    }

    static MaxMindGeoLocator open(Path path) {
        if (!Files.isRegularFile(path)) {
            throw new IllegalArgumentException("GeoIP database " + path.toAbsolutePath() + " does not exist or is not a file");
        }
        DatabaseReader reader;
        try {
            reader = new DatabaseReader.Builder(path.toFile()).withCache(new CHMCache()).build();
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("cannot open GeoIP database " + path.toAbsolutePath() + ": " + e.getMessage(), e);
        }
        String type = reader.getMetadata().getDatabaseType();
        if (!type.contains("City")) {
            closeQuietly(reader);
            throw new IllegalArgumentException("GeoIP database " + path.toAbsolutePath() + " is a " + type
                    + " database; a City database (GeoLite2-City or GeoIP2-City) is needed");
        }
        return new MaxMindGeoLocator(path, reader);
    }

    @Override
    public Optional<Location> locate(InetAddress ip) {
        if (ip == null || !isPublic(ip)) {
            return Optional.empty();
        }
        try {
            return reader.tryCity(ip).map(MaxMindGeoLocator::toLocation).filter(location -> !location.isEmpty());
        } catch (Exception e) {
            // Corrupt records, an IPv6 address against an IPv4-only database, a closed reader: all the same here.
            LOG.log(Level.FINE, e, () -> "GeoIP lookup of " + ip.getHostAddress() + " in " + path + " failed");
            return Optional.empty();
        }
    }

    private static Location toLocation(CityResponse response) {
        Optional<String> country = Optional.ofNullable(response.getCountry().getIsoCode())
                .or(() -> Optional.ofNullable(response.getRegisteredCountry().getIsoCode()));
        return new Location(country, Optional.ofNullable(response.getCity().getName()));
    }

    static boolean isPublic(InetAddress ip) {
        if (ip.isAnyLocalAddress() || ip.isLoopbackAddress() || ip.isLinkLocalAddress() || ip.isSiteLocalAddress()
                || ip.isMulticastAddress()) {
            return false;
        }
        if (ip instanceof Inet6Address v6 && v6.isIPv4CompatibleAddress()) {
            return false;
        }
        return NOT_PUBLIC.stream().noneMatch(block -> block.contains(ip));
    }

    @Override
    public void close() {
        closeQuietly(reader);
    }

    private static void closeQuietly(DatabaseReader reader) {
        try {
            reader.close();
        } catch (IOException e) {
            LOG.log(Level.FINE, "closing the GeoIP database failed", e);
        }
    }

    @Override
    public String toString() {
        return "GeoLocator(" + path + ")";
    }
}
