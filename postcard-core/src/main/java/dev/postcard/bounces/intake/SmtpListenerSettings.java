package dev.postcard.bounces.intake;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * How the bounce SMTP listener listens: what it accepts and the limits that keep one sender from holding it.
 *
 * @param port            TCP port; 0 picks a free one (tests)
 * @param bindAddress     the local address to listen on ({@code 0.0.0.0} for all)
 * @param hostname        the name in the greeting and in EHLO
 * @param bounceDomains   RCPT TO is accepted only at these domains (lower case); at least one
 * @param maxMessageSize  largest message in bytes, announced as SIZE; larger ones get 552
 * @param maxConnections  connections served at once; more get 421
 * @param maxRecipients   RCPT TO per message; more get 452
 * @param commandTimeout  how long to wait for the next command (RFC 5321 §4.5.3.2: 5 minutes)
 * @param dataTimeout     how long to wait for the next chunk of the message (RFC 5321: 3 to 10 minutes)
 */
public record SmtpListenerSettings(int port, String bindAddress, String hostname, List<String> bounceDomains,
                                   long maxMessageSize, int maxConnections, int maxRecipients,
                                   Duration commandTimeout, Duration dataTimeout) {

    public static final long DEFAULT_MAX_MESSAGE_SIZE = 10L << 20;

    public SmtpListenerSettings {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be 0 to 65535");
        }
        Objects.requireNonNull(bindAddress, "bindAddress");
        Objects.requireNonNull(hostname, "hostname");
        bounceDomains = bounceDomains.stream().map(d -> d.strip().toLowerCase(Locale.ROOT)).filter(d -> !d.isEmpty())
                .distinct().toList();
        if (bounceDomains.isEmpty()) {
            throw new IllegalArgumentException("the SMTP listener needs a bounce domain to accept mail for");
        }
        if (maxMessageSize < 1 || maxConnections < 1 || maxRecipients < 1) {
            throw new IllegalArgumentException("limits must be positive");
        }
        if (commandTimeout.isNegative() || commandTimeout.isZero() || dataTimeout.isNegative() || dataTimeout.isZero()) {
            throw new IllegalArgumentException("timeouts must be positive");
        }
    }

    /** All interfaces, 10 MiB messages, 100 connections, 100 recipients, 5-minute command and 10-minute data timeouts. */
    public static SmtpListenerSettings of(int port, List<String> bounceDomains) {
        return new SmtpListenerSettings(port, "0.0.0.0", bounceDomains.isEmpty() ? "localhost" : bounceDomains.getFirst(),
                bounceDomains, DEFAULT_MAX_MESSAGE_SIZE, 100, 100, Duration.ofMinutes(5), Duration.ofMinutes(10));
    }

    public SmtpListenerSettings withBindAddress(String address) {
        return new SmtpListenerSettings(port, address, hostname, bounceDomains, maxMessageSize, maxConnections,
                maxRecipients, commandTimeout, dataTimeout);
    }

    public SmtpListenerSettings withMaxMessageSize(long bytes) {
        return new SmtpListenerSettings(port, bindAddress, hostname, bounceDomains, bytes, maxConnections,
                maxRecipients, commandTimeout, dataTimeout);
    }

    public SmtpListenerSettings withMaxConnections(int connections) {
        return new SmtpListenerSettings(port, bindAddress, hostname, bounceDomains, maxMessageSize, connections,
                maxRecipients, commandTimeout, dataTimeout);
    }

    public SmtpListenerSettings withTimeouts(Duration command, Duration data) {
        return new SmtpListenerSettings(port, bindAddress, hostname, bounceDomains, maxMessageSize, maxConnections,
                maxRecipients, command, data);
    }

    /** Whether {@code domain} is one of the bounce domains, whatever its case. */
    boolean accepts(String domain) {
        return bounceDomains.contains(domain.toLowerCase(Locale.ROOT));
    }
}
