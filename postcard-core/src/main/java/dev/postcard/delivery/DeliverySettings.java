package dev.postcard.delivery;

import dev.postcard.InvalidInputException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * How the engine delivers webhooks (DESIGN.md §6, §9): the retry schedule, the per-attempt timeout (at most
 * {@link WebhookSender#MAX_TIMEOUT}), how long an endpoint may fail without a success before it is disabled,
 * whether private and loopback addresses are allowed, how many attempts may run at once against an endpoint
 * before its answers have been heard ({@code endpointConcurrency}, the starting point of its {@link EndpointLimit}),
 * whether this engine runs a delivery worker at all (an embedding host may leave delivery to other nodes), and the
 * HTTP proxy that webhooks go through, if any ({@code POSTCARD_DELIVERY_PROXY}).
 */
public record DeliverySettings(
        RetrySchedule retrySchedule,
        Duration attemptTimeout,
        Duration endpointDisableAfter,
        boolean allowPrivateNetworks,
        int endpointConcurrency,
        boolean workerEnabled,
        Optional<InetSocketAddress> proxy) {

    public static final DeliverySettings DEFAULT = new DeliverySettings(RetrySchedule.DEFAULT,
            WebhookSender.DEFAULT_TIMEOUT, Duration.ofDays(5), false, 4, true, Optional.empty());

    public DeliverySettings {
        Objects.requireNonNull(retrySchedule, "retrySchedule");
        Objects.requireNonNull(attemptTimeout, "attemptTimeout");
        Objects.requireNonNull(endpointDisableAfter, "endpointDisableAfter");
        Objects.requireNonNull(proxy, "proxy");
        if (proxy.isPresent() && proxy.get().isUnresolved()) {
            throw new InvalidInputException("POSTCARD_DELIVERY_PROXY", "the proxy's host did not resolve: "
                    + proxy.get().getHostString());
        }
        if (attemptTimeout.isNegative() || attemptTimeout.isZero()
                || attemptTimeout.compareTo(WebhookSender.MAX_TIMEOUT) > 0) {
            throw new InvalidInputException("POSTCARD_DELIVERY_TIMEOUT",
                    "the delivery timeout must be more than 0 and at most " + WebhookSender.MAX_TIMEOUT.toSeconds() + "s");
        }
        if (endpointDisableAfter.isNegative() || endpointDisableAfter.isZero()) {
            throw new InvalidInputException("POSTCARD_ENDPOINT_DISABLE_AFTER", "must be positive");
        }
        if (endpointConcurrency < 1) {
            throw new InvalidInputException("endpointConcurrency", "at least one attempt per endpoint must be allowed");
        }
    }

    public AddressPolicy addressPolicy() {
        return new AddressPolicy(allowPrivateNetworks);
    }

    public DeliverySettings withRetrySchedule(RetrySchedule schedule) {
        return new DeliverySettings(schedule, attemptTimeout, endpointDisableAfter, allowPrivateNetworks,
                endpointConcurrency, workerEnabled, proxy);
    }

    public DeliverySettings withAttemptTimeout(Duration timeout) {
        return new DeliverySettings(retrySchedule, timeout, endpointDisableAfter, allowPrivateNetworks,
                endpointConcurrency, workerEnabled, proxy);
    }

    public DeliverySettings withEndpointDisableAfter(Duration after) {
        return new DeliverySettings(retrySchedule, attemptTimeout, after, allowPrivateNetworks, endpointConcurrency,
                workerEnabled, proxy);
    }

    public DeliverySettings withAllowPrivateNetworks(boolean allow) {
        return new DeliverySettings(retrySchedule, attemptTimeout, endpointDisableAfter, allow, endpointConcurrency,
                workerEnabled, proxy);
    }

    public DeliverySettings withEndpointConcurrency(int concurrency) {
        return new DeliverySettings(retrySchedule, attemptTimeout, endpointDisableAfter, allowPrivateNetworks,
                concurrency, workerEnabled, proxy);
    }

    public DeliverySettings withProxy(Optional<InetSocketAddress> newProxy) {
        return new DeliverySettings(retrySchedule, attemptTimeout, endpointDisableAfter, allowPrivateNetworks,
                endpointConcurrency, workerEnabled, newProxy);
    }

    public DeliverySettings withWorkerEnabled(boolean enabled) {
        return new DeliverySettings(retrySchedule, attemptTimeout, endpointDisableAfter, allowPrivateNetworks,
                endpointConcurrency, enabled, proxy);
    }
}
