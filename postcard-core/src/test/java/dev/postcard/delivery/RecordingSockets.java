package dev.postcard.delivery;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketAddress;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.net.SocketFactory;

/** Sockets that note where they are asked to connect and then refuse, so no test reaches the internet. */
final class RecordingSockets extends SocketFactory {
    private final List<InetSocketAddress> attempts = new CopyOnWriteArrayList<>();

    List<InetSocketAddress> attempts() {
        return List.copyOf(attempts);
    }

    @Override
    public Socket createSocket() {
        return new Socket() {
            @Override
            public void connect(SocketAddress endpoint, int timeout) throws IOException {
                InetSocketAddress target = (InetSocketAddress) endpoint;
                if (target.isUnresolved()) {
                    throw new AssertionError("asked to connect to an unresolved name: " + target);
                }
                attempts.add(target);
                throw new ConnectException("refused by the test");
            }
        };
    }

    @Override
    public Socket createSocket(String host, int port) {
        throw new AssertionError("a socket was opened by host name: " + host);
    }

    @Override
    public Socket createSocket(String host, int port, InetAddress localHost, int localPort) {
        throw new AssertionError("a socket was opened by host name: " + host);
    }

    @Override
    public Socket createSocket(InetAddress host, int port) {
        throw new UnsupportedOperationException();
    }

    @Override
    public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort) {
        throw new UnsupportedOperationException();
    }
}
