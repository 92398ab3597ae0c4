package dev.postcard.tracking;

import java.util.Optional;

/**
 * Where an address is, as far as the database knows (DESIGN.md §5 {@code location}).
 *
 * @param country ISO 3166-1 alpha-2 code, e.g. {@code GB}
 * @param city    English city name, e.g. {@code London}
 */
public record Location(Optional<String> country, Optional<String> city) {
    public Location {
        country = country.filter(c -> !c.isBlank());
        city = city.filter(c -> !c.isBlank());
    }

    public boolean isEmpty() {
        return country.isEmpty() && city.isEmpty();
    }
}
