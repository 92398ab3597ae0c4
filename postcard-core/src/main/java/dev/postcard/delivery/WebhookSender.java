package dev.postcard.delivery;

import dev.postcard.delivery.AttemptOutcome.Delivered;
import dev.postcard.delivery.AttemptOutcome.Failed;
import dev.postcard.delivery.AttemptOutcome.Rejected;
import dev.postcard.verify.SignatureHeaders;
import dev.postcard.verify.WebhookSigner;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.InetSocketAddress;
import java.net.ProtocolException;
import java.net.Proxy;
import java.net.UnknownHostException;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import javax.net.SocketFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import okhttp3.Call;
import okhttp3.Connection;
import okhttp3.EventListener;
import okhttp3.HttpUrl;
import okhttp3.Interceptor;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Protocol;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.ResponseBody;
import okio.Buffer;
import okio.BufferedSource;

/**
 * Makes one webhook delivery attempt (DESIGN.md §6): POSTs an event's stored envelope to an endpoint, signed,
 * and says what came of it. Retries, schedules and the delivery log are the caller's.
 *
 * <p>The HTTP client is OkHttp, one per sender, its connection pool shared by every endpoint: a busy endpoint
 * keeps its TCP and TLS connection between webhooks, and receivers that offer HTTP/2 over TLS get it. What
 * keeps the address guard exact with a pool:
 * <ul>
 *   <li>the client's only DNS is {@link GuardedDns}, so every connection it opens goes to an address the
 *       {@link GuardedResolver} checked, whenever the connection is opened; a host written as an IP address,
 *       which OkHttp never looks up, is checked here before the call;
 *   <li>no connection takes new attempts for longer than {@link ConnectionGenerations#MAX_CONNECTION_AGE}, so
 *       a DNS change is seen within it;
 *   <li>redirects are not followed, the system's proxy settings are ignored, and the client never retries on
 *       its own (the delivery schedule does);
 *   <li>with an egress proxy, which resolves the name itself, the host is resolved and checked here before
 *       each call: the guard applies to the target as Postcard resolves it, and the proxy must enforce the
 *       egress rules too.
 * </ul>
 *
 * <p>The whole attempt, from the lookup to the end of the response excerpt, has one deadline (OkHttp's call
 * timeout, which cancels the call). At most {@link #EXCERPT_LIMIT} bytes of the body are read; a longer body
 * is cut off by cancelling the call, which closes that connection, so an endless body costs nothing more.
 *
 * <p>Immutable and thread-safe: one sender serves any number of (virtual) threads.
 */
final class WebhookSender {
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(15);
    public static final Duration MAX_TIMEOUT = Duration.ofSeconds(30);
    /** The most response body bytes read and kept for the delivery log. */
    public static final int EXCERPT_LIMIT = DeliveryAttempt.MAX_EXCERPT_BYTES;
    public static final String EVENT_HEADER = "X-Postcard-Event";
    static final String USER_AGENT = "Postcard/" + version();
    private static final MediaType JSON = MediaType.get("application/json");

    /** How the client reaches receivers; the sender's pool is built from it once. */
    private record Transport(GuardedResolver resolver, Duration timeout, Tls tls, SocketFactory sockets,
            Optional<InetSocketAddress> proxy, Duration maxConnectionAge) {
    }

    /** OkHttp wants the trust manager next to the socket factory; it uses it only for certificate pinning. */
    private record Tls(SSLSocketFactory factory, X509TrustManager trustManager) {
    }

    private final Transport transport;
    private final ConnectionGenerations clients;
    private final Clock clock;

    /** A sender with the default timeout that trusts the JDK's certificate authorities. */
    public WebhookSender(GuardedResolver resolver) {
        this(new Transport(Objects.requireNonNull(resolver, "resolver"), DEFAULT_TIMEOUT, defaultTls(),
                SocketFactory.getDefault(), Optional.empty(), ConnectionGenerations.MAX_CONNECTION_AGE), Clock.systemUTC());
    }

    private WebhookSender(Transport transport, Clock clock) {
        this(transport, new ConnectionGenerations(client(transport), transport.maxConnectionAge()), clock);
    }

    private WebhookSender(Transport transport, ConnectionGenerations clients, Clock clock) {
        this.transport = transport;
        this.clients = clients;
        this.clock = clock;
    }

    /** A copy whose attempts end after {@code timeout}: more than zero, at most {@link #MAX_TIMEOUT}. */
    public WebhookSender withTimeout(Duration timeout) {
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative() || timeout.isZero() || timeout.compareTo(MAX_TIMEOUT) > 0) {
            throw new IllegalArgumentException("timeout must be more than 0 and at most " + MAX_TIMEOUT + ": " + timeout);
        }
        Transport t = transport;
        return new WebhookSender(new Transport(t.resolver(), timeout, t.tls(), t.sockets(), t.proxy(),
                t.maxConnectionAge()), clock);
    }

    /** A copy that trusts the certificates {@code context} trusts, instead of the JDK's defaults. */
    public WebhookSender withTrust(SSLContext context) {
        Objects.requireNonNull(context, "context");
        Transport t = transport;
        Tls tls = new Tls(context.getSocketFactory(), NoPinningTrust.INSTANCE);
        return new WebhookSender(new Transport(t.resolver(), t.timeout(), tls, t.sockets(), t.proxy(),
                t.maxConnectionAge()), clock);
    }

    /**
     * A copy that sends through an HTTP proxy ({@code CONNECT} for {@code https} endpoints), given as an address
     * so that the proxy itself is never looked up through the guard. The endpoint's host is still resolved and
     * checked here before each attempt, but the proxy resolves it again: it must enforce egress rules too.
     */
    public WebhookSender withProxy(InetSocketAddress proxy) {
        Objects.requireNonNull(proxy, "proxy");
        if (proxy.isUnresolved()) {
            throw new IllegalArgumentException("the proxy must be given as an address: " + proxy);
        }
        Transport t = transport;
        return new WebhookSender(new Transport(t.resolver(), t.timeout(), t.tls(), t.sockets(), Optional.of(proxy),
                t.maxConnectionAge()), clock);
    }

    /** A copy that stamps {@code webhook-timestamp} and reads {@code Retry-After} dates with this clock. */
    public WebhookSender withClock(Clock clock) {
        return new WebhookSender(transport, clients, Objects.requireNonNull(clock, "clock"));
    }

    /** A copy that opens its TCP connections with this factory; tests watch where connections go. */
    WebhookSender withSocketFactory(SocketFactory sockets) {
        Transport t = transport;
        return new WebhookSender(new Transport(t.resolver(), t.timeout(), t.tls(), Objects.requireNonNull(sockets,
                "sockets"), t.proxy(), t.maxConnectionAge()), clock);
    }

    /** A copy whose connections take new attempts for at most {@code maxAge}; zero: a new connection each time. */
    WebhookSender withMaxConnectionAge(Duration maxAge) {
        Transport t = transport;
        return new WebhookSender(new Transport(t.resolver(), t.timeout(), t.tls(), t.sockets(), t.proxy(),
                Objects.requireNonNull(maxAge, "maxAge")), clock);
    }

    public Duration timeout() {
        return transport.timeout();
    }

    /**
     * Closes the idle pooled connections, those of this sender and of the copies made with {@link #withClock}
     * (which share its pool), instead of leaving them to their keep-alive. For a sender that is done: an attempt
     * made after this opens a new connection.
     */
    public void closeIdleConnections() {
        clients.closeIdle();
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
        long deadline = start + transport.timeout().toNanos();
        SignatureHeaders signature = signer.sign(eventId, clock.instant(), body);

        // OkHttp never looks up an IP address, and a proxy looks names up itself: check those here.
        if (url.literalAddress().isPresent() || transport.proxy().isPresent()) {
            try {
                transport.resolver().resolve(url);
            } catch (BlockedAddressException e) {
                return refused(e, start);
            }
        }

        HttpUrl target = url.requestUrl();
        if (target == null) { // EndpointUrl is the stricter parser: not expected, but never a thrown attempt
            return new Failed(ErrorClass.PROTOCOL, "the URL cannot be requested: " + url.uri(), since(start));
        }
        Phase phase = new Phase();
        Request.Builder request = new Request.Builder()
                .url(target)
                .header("Host", url.uri().getRawAuthority())
                .header("User-Agent", USER_AGENT);
        signature.asMap().forEach(request::header);
        request.header(EVENT_HEADER, eventType)
                .post(RequestBody.create(body, JSON))
                .tag(Phase.class, phase);
        Call call = clients.client().newCall(request.build());
        // The client's call timeout is the whole attempt; what a check above took comes off it.
        call.timeout().timeout(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        try (Response response = call.execute()) {
            return outcome(response, call, phase, start);
        } catch (IOException e) {
            return failure(e, phase, url, deadline, start);
        }
    }

    private AttemptOutcome outcome(Response response, Call call, Phase phase, long start) throws IOException {
        ResponseBody body = response.body();
        BufferedSource source = body.source();
        Buffer excerpt = new Buffer();
        while (excerpt.size() < EXCERPT_LIMIT && source.read(excerpt, EXCERPT_LIMIT - excerpt.size()) != -1) {
            // reads until the limit or the end of the body
        }
        if (excerpt.size() >= EXCERPT_LIMIT && body.contentLength() != EXCERPT_LIMIT) {
            call.cancel(); // the rest is never read: closes this connection rather than draining it
        } else if (closesAfterAnswering(response)) {
            phase.closeConnection();
        }
        String retryAfterHeader = response.header("Retry-After");
        ReceivedResponse received = new ReceivedResponse(response.code(),
                retryAfterHeader == null ? Map.of() : Map.of("retry-after", retryAfterHeader), excerpt.readByteArray());
        return outcome(received, start);
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

    private static Failed refused(BlockedAddressException e, long start) {
        return new Failed(e.refused().isEmpty() ? ErrorClass.DNS : ErrorClass.BLOCKED_ADDRESS, e.getMessage(),
                since(start));
    }

    /**
     * The guard's refusal first; then a deadline passed, which wins over whatever error the cancelled call gave;
     * then the phase the attempt had reached and the error's kind.
     */
    private Failed failure(IOException e, Phase phase, EndpointUrl url, long deadline, long start) {
        BlockedAddressException blocked = cause(e, BlockedAddressException.class);
        if (blocked != null) {
            return refused(blocked, start);
        }
        if (cause(e, UnknownHostException.class) != null) {
            return new Failed(ErrorClass.DNS, url.host() + " does not resolve", since(start));
        }
        boolean late = System.nanoTime() - deadline >= 0 || e instanceof InterruptedIOException;
        if (!phase.connected) {
            return late
                    ? new Failed(ErrorClass.CONNECT, "no connection to " + url.host() + " within the attempt's timeout of "
                            + transport.timeout().toMillis() + " ms", since(start))
                    : new Failed(ErrorClass.CONNECT, phase.connectFailures().orElseGet(() -> describe(e)), since(start));
        }
        if (late) {
            return new Failed(ErrorClass.TIMEOUT, "no complete answer within the attempt's timeout of "
                    + transport.timeout().toMillis() + " ms", since(start));
        }
        if (cause(e, SSLException.class) != null) {
            return new Failed(ErrorClass.TLS, "TLS handshake with " + url.host() + " failed: "
                    + describe(cause(e, SSLException.class)), since(start));
        }
        if (e instanceof ProtocolException) {
            return new Failed(ErrorClass.PROTOCOL, describe(e), since(start));
        }
        return new Failed(ErrorClass.IO, describe(e), since(start));
    }

    private static <T extends Throwable> T cause(Throwable e, Class<T> type) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }

    /**
     * An HTTP/1.0 answer without {@code Connection: keep-alive}: the receiver closes the connection after it (RFC
     * 1945), which OkHttp does not take into account, only a {@code Connection: close} header. Pooled, the
     * connection would fail the next attempt to the endpoint with "unexpected end of stream", as OkHttp's retry of
     * a stale connection is off here (one attempt is one request).
     */
    private static boolean closesAfterAnswering(Response response) {
        return response.protocol() == Protocol.HTTP_1_0 && !"keep-alive".equalsIgnoreCase(response.header("Connection"));
    }

    /** How far one attempt got, told by {@link PhaseListener}: a failure before a connection is a connect failure. */
    private static final class Phase {
        volatile boolean connected;
        private volatile Connection connection;

        /**
         * Closes the attempt's connection: the pool finds it closed when it next hands it out, and drops it
         * ({@code Connection.socket()} is the one public way to end one connection of OkHttp's pool).
         */
        void closeConnection() {
            Connection used = connection;
            if (used != null) {
                try {
                    used.socket().close();
                } catch (IOException e) {
                    // closed already: the pool drops it all the same
                }
            }
        }
        private List<String> failures; // rare: made on the first failed connection

        /** Fast fallback may try two addresses at once, from two threads. */
        synchronized void connectFailed(InetSocketAddress address, IOException e) {
            if (failures == null) {
                failures = new ArrayList<>();
            }
            String host = address.getAddress() == null ? address.getHostString() : address.getAddress().getHostAddress();
            failures.add((host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + address.getPort() + " (" + describe(e)
                    + ")");
        }

        /** Each address tried and why it failed, in the words of the old client: {@code could not connect to ...}. */
        synchronized Optional<String> connectFailures() {
            return failures == null ? Optional.empty() : Optional.of("could not connect to " + String.join(", ", failures));
        }
    }

    /** One listener for every call: it finds the call's {@link Phase} among the request's tags. */
    private static final class PhaseListener extends EventListener {
        static final PhaseListener INSTANCE = new PhaseListener();

        @Override
        public void secureConnectStart(Call call) {
            connected(call);
        }

        @Override
        public void connectEnd(Call call, InetSocketAddress address, Proxy proxy, Protocol protocol) {
            connected(call);
        }

        @Override
        public void connectionAcquired(Call call, Connection connection) {
            connected(call);
            Phase phase = call.request().tag(Phase.class);
            if (phase != null) {
                phase.connection = connection;
            }
        }

        @Override
        public void connectFailed(Call call, InetSocketAddress address, Proxy proxy, Protocol protocol, IOException e) {
            Phase phase = call.request().tag(Phase.class);
            if (phase != null && !phase.connected) {
                phase.connectFailed(address, e);
            }
        }

        private static void connected(Call call) {
            Phase phase = call.request().tag(Phase.class);
            if (phase != null) {
                phase.connected = true;
            }
        }
    }

    /**
     * Sends exactly the headers Postcard always sent: OkHttp would add {@code Accept-Encoding: gzip} and then
     * decompress, which the 1 KiB excerpt does not need.
     */
    private static final class PlainEncoding implements Interceptor {
        static final PlainEncoding INSTANCE = new PlainEncoding();

        @Override
        public Response intercept(Chain chain) throws IOException {
            Request request = chain.request();
            return chain.proceed(request.header("Accept-Encoding") == null
                    ? request : request.newBuilder().removeHeader("Accept-Encoding").build());
        }
    }

    /**
     * The trust manager handed to OkHttp next to a socket factory from a caller's {@link SSLContext}, whose own
     * trust manager cannot be read back. The context's socket factory decides trust during the handshake; OkHttp
     * consults this one only to check certificate pins, and the sender pins nothing.
     */
    private static final class NoPinningTrust implements X509TrustManager {
        static final NoPinningTrust INSTANCE = new NoPinningTrust();

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            throw new CertificateException("not used for trust decisions");
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            throw new CertificateException("not used for trust decisions");
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }

    private static OkHttpClient client(Transport transport) {
        Duration timeout = transport.timeout();
        return new OkHttpClient.Builder()
                .dns(new GuardedDns(transport.resolver()))
                .socketFactory(transport.sockets())
                .sslSocketFactory(transport.tls().factory(), transport.tls().trustManager())
                .proxy(transport.proxy().map(address -> new Proxy(Proxy.Type.HTTP, address)).orElse(Proxy.NO_PROXY))
                .followRedirects(false)
                .followSslRedirects(false)
                .retryOnConnectionFailure(false)
                // The call timeout alone bounds the attempt: cancelling the call closes its socket, which ends
                // a blocked connect, read or write. Read and write timeouts would put every socket operation
                // through okio's watchdog queue, one lock for the whole client.
                .callTimeout(timeout)
                .connectTimeout(timeout)
                .readTimeout(Duration.ZERO)
                .writeTimeout(Duration.ZERO)
                .addNetworkInterceptor(PlainEncoding.INSTANCE)
                .eventListener(PhaseListener.INSTANCE)
                .build();
    }

    private static void checkHeaderValue(String what, String value) {
        Objects.requireNonNull(value, what);
        if (value.isEmpty() || !value.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
            throw new IllegalArgumentException(what + " must be non-empty visible ASCII: " + value);
        }
    }

    private static String describe(Throwable e) {
        String message = e.getMessage();
        return message == null || message.isBlank() ? e.getClass().getSimpleName() : message;
    }

    private static Duration since(long start) {
        return Duration.ofNanos(System.nanoTime() - start);
    }

    private static Tls defaultTls() {
        try {
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init((KeyStore) null);
            X509TrustManager trust = (X509TrustManager) Arrays.stream(factory.getTrustManagers())
                    .filter(X509TrustManager.class::isInstance).findFirst()
                    .orElseThrow(() -> new IllegalStateException("the JDK has no X.509 trust manager"));
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, new TrustManager[] {trust}, null);
            return new Tls(context.getSocketFactory(), trust);
        } catch (GeneralSecurityException e) {
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
        return "WebhookSender[timeout " + transport.timeout() + ", " + transport.resolver().policy()
                + transport.proxy().map(proxy -> ", proxy " + proxy).orElse("") + "]";
    }
}
