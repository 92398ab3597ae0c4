package dev.postcard.sending.smtp;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import javax.net.SocketFactory;
import javax.net.ssl.SSLSocketFactory;

/**
 * Sockets with {@code TCP_NODELAY}. SMTP is a conversation of short writes, each waiting for an answer: with
 * Nagle's algorithm the end of a message ({@code CRLF.CRLF}) waits for the relay to acknowledge the body before
 * it leaves, and a relay that delays its acknowledgements (most do, by up to 40 ms) holds every hand-over that
 * long. Angus Mail has no property for the option; it takes a socket factory. Measured with bench/send.sh: 131
 * messages/s without it, every hand-over waiting about 40 ms for the relay's answer to the end of the message;
 * 296 with it. {@link Tls} does the same for {@code smtps://}; STARTTLS runs over a socket made here.
 */
final class NoDelaySockets extends SocketFactory {
    private final SocketFactory plain = SocketFactory.getDefault();

    @Override
    public Socket createSocket() throws IOException {
        return noDelay(plain.createSocket());
    }

    @Override
    public Socket createSocket(String host, int port) throws IOException {
        return noDelay(plain.createSocket(host, port));
    }

    @Override
    public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
        return noDelay(plain.createSocket(host, port, localHost, localPort));
    }

    @Override
    public Socket createSocket(InetAddress host, int port) throws IOException {
        return noDelay(plain.createSocket(host, port));
    }

    @Override
    public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort)
            throws IOException {
        return noDelay(plain.createSocket(address, port, localAddress, localPort));
    }

    private static Socket noDelay(Socket socket) throws IOException {
        socket.setTcpNoDelay(true);
        return socket;
    }

    /** TLS sockets with {@code TCP_NODELAY}, made by {@code tls} (the JDK's default, or a test's trust). */
    static final class Tls extends SSLSocketFactory {
        private final SSLSocketFactory tls;

        Tls(SSLSocketFactory tls) {
            this.tls = tls;
        }

        @Override
        public String[] getDefaultCipherSuites() {
            return tls.getDefaultCipherSuites();
        }

        @Override
        public String[] getSupportedCipherSuites() {
            return tls.getSupportedCipherSuites();
        }

        @Override
        public Socket createSocket() throws IOException {
            return noDelay(tls.createSocket());
        }

        @Override
        public Socket createSocket(Socket layered, String host, int port, boolean autoClose) throws IOException {
            return noDelay(tls.createSocket(layered, host, port, autoClose));
        }

        @Override
        public Socket createSocket(String host, int port) throws IOException {
            return noDelay(tls.createSocket(host, port));
        }

        @Override
        public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
            return noDelay(tls.createSocket(host, port, localHost, localPort));
        }

        @Override
        public Socket createSocket(InetAddress host, int port) throws IOException {
            return noDelay(tls.createSocket(host, port));
        }

        @Override
        public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort)
                throws IOException {
            return noDelay(tls.createSocket(address, port, localAddress, localPort));
        }
    }
}
