package dev.postcard.server.connection;

import dev.postcard.server.HttpTimeouts;
import io.helidon.common.buffers.DataReader;
import io.helidon.common.buffers.DataWriter;
import io.helidon.common.socket.HelidonSocket;
import io.helidon.common.socket.PeerInfo;
import io.helidon.webserver.ConnectionContext;
import io.helidon.webserver.ListenerContext;
import io.helidon.webserver.ProxyProtocolData;
import io.helidon.webserver.Router;
import java.util.Optional;
import java.util.concurrent.ExecutorService;

/**
 * Helidon's context of one connection, as its HTTP/1.1 connection sees it: the same socket, read through
 * {@link RequestLineReader} and {@link TimedReads}, written through {@link Http10Writer}, with the
 * {@link RequestProgress} of its current request.
 */
final class GuardedContext implements ConnectionContext {
    private final ConnectionContext helidon;
    private final RequestProgress progress;
    private final TimedReads reads;
    private final RequestLineReader reader;
    private final Http10Writer writer;

    GuardedContext(ConnectionContext helidon, HttpTimeouts timeouts) {
        this.helidon = helidon;
        this.progress = new RequestProgress(timeouts, System.nanoTime());
        this.reads = new TimedReads(helidon.serverSocket(), progress);
        this.reader = new RequestLineReader(reads);
        this.writer = new Http10Writer(helidon.dataWriter());
    }

    RequestProgress progress() {
        return progress;
    }

    TimedReads reads() {
        return reads;
    }

    RequestLineReader reader() {
        return reader;
    }

    Http10Writer writer() {
        return writer;
    }

    /** The socket's writer as Helidon made it, for an answer written outside Helidon's handling (a 408). */
    DataWriter socketWriter() {
        return helidon.dataWriter();
    }

    @Override
    public DataReader dataReader() {
        return reader;
    }

    @Override
    public DataWriter dataWriter() {
        return writer;
    }

    @Override
    public ListenerContext listenerContext() {
        return helidon.listenerContext();
    }

    @Override
    public ExecutorService executor() {
        return helidon.executor();
    }

    @Override
    public Router router() {
        return helidon.router();
    }

    @Override
    public Optional<ProxyProtocolData> proxyProtocolData() {
        return helidon.proxyProtocolData();
    }

    @Override
    public HelidonSocket serverSocket() {
        return helidon.serverSocket();
    }

    @Override
    public PeerInfo remotePeer() {
        return helidon.remotePeer();
    }

    @Override
    public PeerInfo localPeer() {
        return helidon.localPeer();
    }

    @Override
    public boolean isSecure() {
        return helidon.isSecure();
    }

    @Override
    public String socketId() {
        return helidon.socketId();
    }

    @Override
    public String childSocketId() {
        return helidon.childSocketId();
    }
}
