package dev.postcard.bounces.intake;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Receives bounce mail over SMTP for the bounce domain: MX or transport target for {@code bounce+...@} addresses.
 * One virtual thread per connection, a bounded number of connections. No TLS and no authentication: it accepts
 * mail only for the bounce domains, so it relays nothing; put it behind the MTA that terminates TLS, or on a
 * private port.
 *
 * <pre>{@code
 * try (BounceSmtpServer smtp = BounceSmtpServer.start(SmtpListenerSettings.of(2525, List.of("bounces.example.com")), intake)) {
 *     ...
 * }
 * }</pre>
 */
public final class BounceSmtpServer implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(BounceSmtpServer.class.getName());

    private final SmtpListenerSettings settings;
    private final BounceIntake intake;
    private final ServerSocket listener;
    private final Semaphore slots;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final Thread acceptor;
    private volatile boolean closed;

    private BounceSmtpServer(SmtpListenerSettings settings, BounceIntake intake, ServerSocket listener) {
        this.settings = settings;
        this.intake = intake;
        this.listener = listener;
        this.slots = new Semaphore(settings.maxConnections());
        this.acceptor = Thread.ofVirtual().name("bounce-smtp-accept").unstarted(this::accept);
    }

    /**
     * Listens on the settings' address and port and serves until closed.
     *
     * @throws IOException when the port cannot be bound
     */
    public static BounceSmtpServer start(SmtpListenerSettings settings, BounceIntake intake) throws IOException {
        ServerSocket listener = new ServerSocket();
        try {
            listener.bind(new InetSocketAddress(InetAddress.getByName(settings.bindAddress()), settings.port()), 50);
        } catch (IOException e) {
            listener.close();
            throw e;
        }
        BounceSmtpServer server = new BounceSmtpServer(settings, intake, listener);
        server.acceptor.start();
        LOG.info(() -> "bounce SMTP listener on port " + server.port() + " for " + settings.bounceDomains());
        return server;
    }

    /** The port it listens on (the chosen one when the settings said 0). */
    public int port() {
        return listener.getLocalPort();
    }

    private void accept() {
        while (!closed) {
            Socket socket;
            try {
                socket = listener.accept();
            } catch (IOException e) {
                if (!closed) {
                    LOG.log(Level.WARNING, "bounce SMTP listener: accept failed", e);
                    pause(); // out of file descriptors, say: not a busy loop
                }
                continue;
            }
            if (!slots.tryAcquire()) {
                refuse(socket);
                continue;
            }
            open.add(socket);
            Thread.ofVirtual().name("bounce-smtp-" + socket.getPort()).start(() -> serve(socket));
        }
    }

    private static void pause() {
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void serve(Socket socket) {
        try (socket) {
            new SmtpSession(socket, settings, intake).run();
        } catch (IOException e) {
            // A client that leaves or breaks the connection: its MTA retries what was not acknowledged.
            LOG.fine(() -> "bounce SMTP connection ended: " + e.getMessage());
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "bounce SMTP connection failed", e);
        } finally {
            open.remove(socket);
            slots.release();
        }
    }

    private void refuse(Socket socket) {
        try (socket) {
            OutputStream out = socket.getOutputStream();
            out.write(("421 4.3.2 " + settings.hostname() + " Too many connections, try again later\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
        } catch (IOException e) {
            LOG.fine(() -> "bounce SMTP: could not refuse a connection: " + e.getMessage());
        }
    }

    /**
     * Stops listening and closes open connections. A message whose DATA was not yet answered is not acknowledged,
     * so its sender retries; one being stored finishes storing on its own thread.
     */
    @Override
    public void close() {
        closed = true;
        try {
            listener.close();
        } catch (IOException e) {
            LOG.fine(() -> "bounce SMTP: closing the listener: " + e.getMessage());
        }
        for (Socket socket : open) {
            try {
                socket.close();
            } catch (IOException e) {
                LOG.fine(() -> "bounce SMTP: closing a connection: " + e.getMessage());
            }
        }
        try {
            acceptor.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
