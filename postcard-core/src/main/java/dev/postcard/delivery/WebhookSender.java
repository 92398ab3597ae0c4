package dev.postcard.delivery;

import dev.postcard.delivery.AttemptOutcome.Delivered;
import dev.postcard.delivery.AttemptOutcome.Failed;
import dev.postcard.delivery.AttemptOutcome.Rejected;
import dev.postcard.verify.SignatureHeaders;
import dev.postcard.verify.WebhookSigner;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ProtocolException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import javax.net.SocketFactory;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

/**
 * Makes one webhook delivery attempt (DESIGN.md §6): POSTs an event's stored envelope to an endpoint, signed,
 * and says what came of it. Retries, schedules and the delivery log are the caller's.
 *
 * <p>The host is resolved once, through {@link GuardedResolver}, and the connection goes to one of the
 * addresses it returned, tried in its order; nothing else ever resolves the name, so a DNS answer that changes
 * between the check and the connection (DNS rebinding) cannot redirect the request. That is why this is a
 * small HTTP/1.1 client on a {@link Socket}: the JDK's {@code HttpClient} takes a host name and resolves it
 * itself. The host name still goes into TLS (SNI, and the certificate is checked against it) and the
 * {@code Host} header.
 *
 * <p>Each attempt opens its own connection and sends {@code Connection: close}. Reusing connections would
 * save a TCP and TLS handshake per webhook, but a pooled connection was checked against an older DNS answer,
 * and the response would have to be read to its end to keep the connection usable; one request per connection
 * keeps the address check and the 1 KiB read limit exact.
 *
 * <p>The whole attempt, from connecting to the end of the response excerpt, has one deadline: each read waits
 * only for the time left, and a watchdog closes the connection when the deadline passes, which also bounds the
 * TLS handshake and a receiver that stops reading the request. Redirects are not followed.
 *
 * <p>Immutable and thread-safe: one sender serves any number of (virtual) threads.
 */
public final class WebhookSender {
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(15);
    public static final Duration MAX_TIMEOUT = Duration.ofSeconds(30);
    /** The most response body bytes read and kept for the delivery log. */
    public static final int EXCERPT_LIMIT = DeliveryAttempt.MAX_EXCERPT_BYTES;
    public static final String EVENT_HEADER = "X-Postcard-Event";
    static final String USER_AGENT = "Postcard/" + version();

    private final GuardedResolver resolver;
    private final Duration timeout;
    private final SSLSocketFactory tls;
    private final SocketFactory sockets;
    private final Clock clock;

    /** A sender with the default timeout that trusts the JDK's certificate authorities. */
    public WebhookSender(GuardedResolver resolver) {
        this(Objects.requireNonNull(resolver, "resolver"), DEFAULT_TIMEOUT, defaultTls(), SocketFactory.getDefault(),
                Clock.systemUTC());
    }

    private WebhookSender(GuardedResolver resolver, Duration timeout, SSLSocketFactory tls, SocketFactory sockets,
            Clock clock) {
        this.resolver = resolver;
        this.timeout = timeout;
        this.tls = tls;
        this.sockets = sockets;
        this.clock = clock;
    }

    /** A copy whose attempts end after {@code timeout}: more than zero, at most {@link #MAX_TIMEOUT}. */
    public WebhookSender withTimeout(Duration timeout) {
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative() || timeout.isZero() || timeout.compareTo(MAX_TIMEOUT) > 0) {
            throw new IllegalArgumentException("timeout must be more than 0 and at most " + MAX_TIMEOUT + ": " + timeout);
        }
        return new WebhookSender(resolver, timeout, tls, sockets, clock);
    }

    /** A copy that trusts the certificates {@code context} trusts, instead of the JDK's defaults. */
    public WebhookSender withTrust(SSLContext context) {
        Objects.requireNonNull(context, "context");
        return new WebhookSender(resolver, timeout, context.getSocketFactory(), sockets, clock);
    }

    /** A copy that stamps {@code webhook-timestamp} and reads {@code Retry-After} dates with this clock. */
    public WebhookSender withClock(Clock clock) {
        return new WebhookSender(resolver, timeout, tls, sockets, Objects.requireNonNull(clock, "clock"));
    }

    /** A copy that opens its TCP connections with this factory; tests watch where connections go. */
    WebhookSender withSocketFactory(SocketFactory sockets) {
        return new WebhookSender(resolver, timeout, tls, Objects.requireNonNull(sockets, "sockets"), clock);
    }

    public Duration timeout() {
        return timeout;
    }

    /**
     * Sends one attempt. Never throws for anything the network or the receiver does; that is in the outcome.
     *
     * @param url       the endpoint
     * @param signer    the endpoint's secrets, the current one first and, during a rotation, the previous one
     * @param eventId   the event id: {@code webhook-id}, the same on every retry
     * @param eventType the event type, sent as {@code X-Postcard-Event}
     * @param body      the stored envelope, sent byte for byte
     * @throws IllegalArgumentException when the event id or type cannot be sent as a header value
     */
    public AttemptOutcome send(EndpointUrl url, WebhookSigner signer, String eventId, String eventType, byte[] body) {
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(signer, "signer");
        Objects.requireNonNull(body, "body");
        checkHeaderValue("eventType", eventType);
        long start = System.nanoTime();
        long deadline = start + timeout.toNanos();
        byte[] head = head(url, signer.sign(eventId, clock.instant(), body), eventType, body.length);

        List<InetAddress> addresses;
        try {
            addresses = resolver.resolve(url);
        } catch (BlockedAddressException e) {
            return new Failed(e.refused().isEmpty() ? ErrorClass.DNS : ErrorClass.BLOCKED_ADDRESS, e.getMessage(),
                    since(start));
        }

        Socket socket;
        try {
            socket = connect(addresses, url.port(), deadline);
        } catch (IOException e) {
            return new Failed(ErrorClass.CONNECT, e.getMessage(), since(start));
        }
        Thread watchdog = closeAtDeadline(socket, deadline);
        try {
            Socket channel = socket;
            if (url.https()) {
                try {
                    channel = handshake(socket, url, deadline);
                } catch (IOException e) {
                    return failure(e, ErrorClass.TLS, "TLS handshake with " + url.host() + " failed: ", deadline, start);
                }
            }
            try {
                OutputStream out = new BufferedOutputStream(channel.getOutputStream(), 8 * 1024);
                out.write(head);
                out.write(body);
                out.flush();
                InputStream in = new BufferedInputStream(DeadlineInputStream.of(channel, deadline), 4 * 1024);
                return outcome(ResponseReader.read(in, EXCERPT_LIMIT), start);
            } catch (ProtocolException e) {
                return new Failed(ErrorClass.PROTOCOL, e.getMessage(), since(start));
            } catch (IOException e) {
                return failure(e, ErrorClass.IO, "", deadline, start);
            }
        } finally {
            watchdog.interrupt();
            closeQuietly(socket);
        }
    }

    private AttemptOutcome outcome(ReceivedResponse response, long start) {
        Duration latency = since(start);
        int status = response.status();
        if (status >= 200 && status < 300) {
            return new Delivered(status, latency, response.excerptText());
        }
        Optional<Duration> retryAfter = status == 429 || status == 503
                ? response.header("retry-after").flatMap(value -> RetryAfter.parse(value, clock.instant()))
                : Optional.empty();
        return new Rejected(status, latency, response.excerptText(), retryAfter);
    }

    /** A deadline passed wins over whatever error the closed socket gave; then TLS, then the phase's own class. */
    private Failed failure(IOException e, ErrorClass otherwise, String prefix, long deadline, long start) {
        if (e instanceof SocketTimeoutException || System.nanoTime() - deadline >= 0) {
            return new Failed(ErrorClass.TIMEOUT, "no complete answer within the attempt's timeout of "
                    + timeout.toMillis() + " ms", since(start));
        }
        ErrorClass errorClass = e instanceof SSLException ? ErrorClass.TLS : otherwise;
        return new Failed(errorClass, prefix + describe(e), since(start));
    }

    private Socket connect(List<InetAddress> addresses, int port, long deadline) throws IOException {
        List<String> failures = new ArrayList<>();
        for (InetAddress address : addresses) {
            InetSocketAddress target = new InetSocketAddress(address, port); // an address: nothing is looked up
            Socket socket = sockets.createSocket();
            try {
                socket.setTcpNoDelay(true);
                socket.connect(target, DeadlineInputStream.remainingMillis(deadline));
                return socket;
            } catch (IOException e) {
                closeQuietly(socket);
                failures.add(shown(target) + " (" + describe(e) + ")");
                if (e instanceof SocketTimeoutException) {
                    break; // the attempt's time is spent
                }
            }
        }
        throw new IOException("could not connect to " + String.join(", ", failures));
    }

    private Socket handshake(Socket socket, EndpointUrl url, long deadline) throws IOException {
        String host = url.host().endsWith(".") ? url.host().substring(0, url.host().length() - 1) : url.host();
        SSLSocket ssl = (SSLSocket) tls.createSocket(socket, host, url.port(), true);
        SSLParameters parameters = ssl.getSSLParameters();
        parameters.setEndpointIdentificationAlgorithm("HTTPS"); // the certificate must name the host
        if (url.literalAddress().isEmpty()) {
            parameters.setServerNames(List.of(new SNIHostName(host)));
        }
        ssl.setSSLParameters(parameters);
        ssl.setSoTimeout(DeadlineInputStream.remainingMillis(deadline));
        ssl.startHandshake();
        return ssl;
    }

    private static Thread closeAtDeadline(Socket socket, long deadline) {
        return Thread.ofVirtual().name("webhook-deadline").start(() -> {
            try {
                long left;
                while ((left = deadline - System.nanoTime()) > 0) {
                    Thread.sleep(Duration.ofNanos(left));
                }
                closeQuietly(socket);
            } catch (InterruptedException e) {
                // The attempt ended in time.
            }
        });
    }

    private static byte[] head(EndpointUrl url, SignatureHeaders signature, String eventType, int contentLength) {
        String target = url.uri().getRawPath() + (url.uri().getRawQuery() == null ? "" : "?" + url.uri().getRawQuery());
        StringBuilder head = new StringBuilder(512)
                .append("POST ").append(target).append(" HTTP/1.1\r\n")
                .append("Host: ").append(url.uri().getRawAuthority()).append("\r\n")
                .append("User-Agent: ").append(USER_AGENT).append("\r\n")
                .append("Content-Type: application/json\r\n")
                .append("Content-Length: ").append(contentLength).append("\r\n");
        signature.asMap().forEach((name, value) -> head.append(name).append(": ").append(value).append("\r\n"));
        head.append(EVENT_HEADER).append(": ").append(eventType).append("\r\n")
                .append("Connection: close\r\n")
                .append("\r\n");
        return head.toString().getBytes(StandardCharsets.US_ASCII);
    }

    private static void checkHeaderValue(String what, String value) {
        Objects.requireNonNull(value, what);
        if (value.isEmpty() || !value.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
            throw new IllegalArgumentException(what + " must be non-empty visible ASCII: " + value);
        }
    }

    private static String describe(IOException e) {
        String message = e.getMessage();
        return message == null || message.isBlank() ? e.getClass().getSimpleName() : message;
    }

    private static String shown(InetSocketAddress target) {
        String host = target.getAddress().getHostAddress();
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + target.getPort();
    }

    private static Duration since(long start) {
        return Duration.ofNanos(System.nanoTime() - start);
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // Nothing left to do with it.
        }
    }

    private static SSLSocketFactory defaultTls() {
        try {
            return SSLContext.getDefault().getSocketFactory();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no default TLS context", e);
        }
    }

    private static String version() {
        String version = WebhookSender.class.getPackage().getImplementationVersion();
        if (version != null) {
            return version;
        }
        try (InputStream in = WebhookSender.class.getResourceAsStream(
                "/META-INF/maven/dev.postcard/postcard-core/pom.properties")) {
            if (in != null) {
                Properties properties = new Properties();
                properties.load(in);
                return properties.getProperty("version", "dev");
            }
        } catch (IOException e) {
            // Fall through: the version is informative only.
        }
        return "dev";
    }

    @Override
    public String toString() {
        return "WebhookSender[timeout " + timeout + ", " + resolver.policy() + "]";
    }
}
