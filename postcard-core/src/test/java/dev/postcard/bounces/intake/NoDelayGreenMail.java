package dev.postcard.bounces.intake;

import com.icegreen.greenmail.Managers;
import com.icegreen.greenmail.imap.ImapHandler;
import com.icegreen.greenmail.server.AbstractServer;
import com.icegreen.greenmail.server.ProtocolHandler;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.SocketException;
import java.util.Map;

/**
 * GreenMail with an IMAP server that sends each response line at once. GreenMail's own flushes every line of
 * a response separately, so with Nagle's algorithm the tagged line waits for the client's delayed ACK of the
 * untagged ones: about 40 ms per command, which made up most of the time of the IMAP tests.
 * {@link #getImap()} is not this server; ask {@link #imapPort()}.
 */
final class NoDelayGreenMail extends GreenMail {
    private AbstractServer imap;

    NoDelayGreenMail(ServerSetup imapSetup) {
        super(imapSetup);
    }

    int imapPort() {
        return imap.getPort();
    }

    @Override
    protected Map<String, AbstractServer> createServices(ServerSetup[] config, Managers managers) {
        Map<String, AbstractServer> services = super.createServices(config, managers);
        AbstractServer stock = services.get(ServerSetup.PROTOCOL_IMAP);
        if (stock == null) {
            throw new IllegalArgumentException("NoDelayGreenMail serves IMAP: give it an IMAP setup");
        }
        imap = new NoDelayImapServer(stock.getServerSetup(), managers);
        services.put(ServerSetup.PROTOCOL_IMAP, imap);
        return services;
    }

    private static final class NoDelayImapServer extends AbstractServer {
        NoDelayImapServer(ServerSetup setup, Managers managers) {
            super(setup, managers);
        }

        @Override
        protected ProtocolHandler createProtocolHandler(Socket client) {
            try {
                client.setTcpNoDelay(true);
            } catch (SocketException e) {
                throw new UncheckedIOException(e);
            }
            return new ImapHandler(managers.getUserManager(), managers.getImapHostManager(), client);
        }
    }
}
