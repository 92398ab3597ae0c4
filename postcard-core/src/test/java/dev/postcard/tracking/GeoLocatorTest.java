package dev.postcard.tracking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GeoLocatorTest {
    @TempDir
    Path dir;

    @Test
    void withoutADatabaseNothingIsLocated() throws Exception {
        GeoLocator locator = GeoLocator.fromFile(Optional.empty());

        assertThat(locator).isSameAs(GeoLocator.none());
        assertThat(locator.locate(InetAddress.getByName("81.2.69.160"))).isEmpty();
    }

    @Test
    void locatesAPublicAddressFromACityDatabase() throws Exception {
        Path db = TinyCityDatabase.write(dir.resolve("city.mmdb"), "GeoLite2-City", "GB", "London");

        try (GeoLocator locator = GeoLocator.fromFile(Optional.of(db))) {
            assertThat(locator.locate(InetAddress.getByName("81.2.69.160")))
                    .contains(new Location(Optional.of("GB"), Optional.of("London")));
            assertThat(locator.locate(InetAddress.getByName("203.0.113.9"))).as("not in the database").isEmpty();
        }
    }

    @Test
    void privateAndLoopbackAddressesAreNeverLookedUp() throws Exception {
        // All of these fall in 0.0.0.0/1, which the test database would place in London.
        Path db = TinyCityDatabase.write(dir.resolve("city.mmdb"), "GeoLite2-City", "GB", "London");

        try (GeoLocator locator = GeoLocator.fromFile(Optional.of(db))) {
            for (String ip : new String[] {"127.0.0.1", "10.1.2.3", "100.64.0.1", "0.0.0.0"}) {
                assertThat(locator.locate(InetAddress.getByName(ip))).as(ip).isEmpty();
            }
            assertThat(locator.locate(InetAddress.getByName("::1"))).isEmpty();
            assertThat(locator.locate(InetAddress.getByName("fd00::1"))).isEmpty();
            assertThat(locator.locate(InetAddress.getByName("fe80::1"))).isEmpty();
        }
    }

    @Test
    void lookupErrorsGiveEmptyInsteadOfThrowing() throws Exception {
        try (GeoLocator corrupt = GeoLocator.fromFile(Optional.of(TinyCityDatabase.writeCorruptTree(dir.resolve("bad.mmdb"))))) {
            assertThat(corrupt.locate(InetAddress.getByName("81.2.69.160"))).as("dangling tree record").isEmpty();
        }

        GeoLocator closed = GeoLocator.fromFile(Optional.of(
                TinyCityDatabase.write(dir.resolve("city.mmdb"), "GeoLite2-City", "GB", "London")));
        assertThat(closed.locate(InetAddress.getByName("81.2.69.160"))).isPresent();
        closed.close();
        assertThat(closed.locate(InetAddress.getByName("81.2.69.161"))).as("after close").isEmpty();
    }

    @Test
    void missingFileFailsNamingThePath() {
        Path missing = dir.resolve("nope.mmdb");

        assertThatThrownBy(() -> GeoLocator.fromFile(Optional.of(missing)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(missing.toAbsolutePath().toString());
    }

    @Test
    void corruptFileFailsNamingThePath() throws IOException {
        Path corrupt = Files.writeString(dir.resolve("corrupt.mmdb"), "this is not a MaxMind database");

        assertThatThrownBy(() -> GeoLocator.fromFile(Optional.of(corrupt)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(corrupt.toAbsolutePath().toString());
    }

    @Test
    void aCountryOnlyDatabaseIsRefused() throws IOException {
        Path db = TinyCityDatabase.write(dir.resolve("asn.mmdb"), "GeoLite2-ASN", "GB", "London");

        assertThatThrownBy(() -> GeoLocator.fromFile(Optional.of(db)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("City database")
                .hasMessageContaining(db.toAbsolutePath().toString());
    }
}
