package dev.postcard.sending;

import dev.postcard.sending.api.FailoverTransport;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The engine's transports by name, and the one each tenant sends through: every configured transport in their
 * order (failover), or the tenant's own choice in its order. The configured transports are opened once and shared
 * by every choice; only they are closed.
 */
final class SendTransports implements AutoCloseable {
    private final Map<String, Transport> byName = new LinkedHashMap<>();
    private final Optional<Transport> all;
    private final TransportChoices choices;
    // One failover per distinct choice; admins make few, so the map stays small.
    private final Map<List<String>, Transport> chosen = new ConcurrentHashMap<>();

    /** @throws IllegalArgumentException when two transports have one name */
    SendTransports(List<Transport> transports, TransportChoices choices) {
        for (Transport transport : transports) {
            if (byName.putIfAbsent(transport.name(), transport) != null) {
                throw new IllegalArgumentException("two send transports are named '" + transport.name() + "'");
            }
        }
        this.all = switch (transports.size()) {
            case 0 -> Optional.empty();
            case 1 -> Optional.of(transports.getFirst());
            default -> Optional.of(new FailoverTransport(transports));
        };
        this.choices = choices;
    }

    /** Whether any transport is configured. */
    boolean any() {
        return all.isPresent();
    }

    /** The names of the configured transports, in their order. */
    List<String> names() {
        return List.copyOf(byName.keySet());
    }

    /** Every configured transport, in order: what a tenant without a choice sends through. */
    Optional<Transport> all() {
        return all;
    }

    /** The names of the tenant's choice, when none of them is configured here: it has nothing to send through. */
    Optional<List<String>> unavailableChoice(String tenantId) {
        return choices.of(tenantId).filter(names -> names.stream().noneMatch(byName::containsKey));
    }

    /** The transport of each tenant, reading each tenant's choice once. */
    Map<String, Transport> forTenants(Collection<String> tenantIds) {
        Map<String, Transport> routes = new HashMap<>();
        for (String tenantId : tenantIds) {
            routes.computeIfAbsent(tenantId, id -> choices.of(id).map(this::forChoice).orElseGet(all::orElseThrow));
        }
        return routes;
    }

    private Transport forChoice(List<String> names) {
        return chosen.computeIfAbsent(List.copyOf(names), chosenNames -> {
            List<Transport> members = chosenNames.stream()
                    .map(n -> byName.getOrDefault(n, new MissingTransport(n))).toList();
            return members.size() == 1 ? members.getFirst() : new FailoverTransport(members);
        });
    }

    @Override
    public void close() {
        all.ifPresent(Transport::close);
    }
}
