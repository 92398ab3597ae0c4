package dev.postcard.sending.smtp;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.Socket;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import javax.net.SocketFactory;
import javax.net.ssl.SSLSocketFactory;
import org.junit.jupiter.api.Test;

/** The relay's sockets, plain and TLS, go without Nagle's algorithm (see {@link NoDelaySockets} for why). */
class NoDelaySocketsTest {
    @Test
    void theSessionMakesEverySocketWithNoDelay() throws Exception {
        ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor();
        try {
            Properties properties = SmtpTransport.properties(SmtpSettings.parse("smtps://relay.example"),
                    Optional.empty(), timers);
            try (Socket plain = ((SocketFactory) properties.get("mail.smtp.socketFactory")).createSocket();
                 Socket tls = ((SSLSocketFactory) properties.get("mail.smtp.ssl.socketFactory")).createSocket()) {
                assertThat(plain.getTcpNoDelay()).isTrue();
                assertThat(tls.getTcpNoDelay()).isTrue();
            }
        } finally {
            timers.shutdownNow();
        }
    }
}
