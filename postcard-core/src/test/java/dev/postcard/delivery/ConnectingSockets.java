package dev.postcard.delivery;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketAddress;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.net.SocketFactory;

/** Sockets that note every address they connect to and then connect for real. */
final class ConnectingSockets extends SocketFactory {
    private final List<InetSocketAddress> connections = new CopyOnWriteArrayList<>();

    List<InetSocketAddress> connections() {
        return List.copyOf(connections);
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
                connections.add(target);
                super.connect(endpoint, timeout);
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
