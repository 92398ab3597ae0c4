package dev.postcard.http;

import io.helidon.webserver.http.Filter;
import java.net.InetAddress;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * One log line per request answered ({@code POSTCARD_ACCESS_LOG}), on the logger {@code postcard.access}: the
 * client's address (through the trusted proxies, as the rate limits see it), the method, the path, the status and
 * the time taken. The query string is left out: signed links and API cursors travel there, and a log is read by
 * more people than the API is. Off by default, since the opens and clicks of recipients are personal data.
 */
public final class AccessLog {
    static final Logger LOG = Logger.getLogger("postcard.access");

    private final ClientAddresses clients;

    AccessLog(ClientAddresses clients) {
        this.clients = clients;
    }

    Filter filter() {
        return (chain, req, res) -> {
            long start = System.nanoTime();
            try {
                chain.proceed();
            } finally {
                if (LOG.isLoggable(Level.INFO)) {
                    String client = clients.of(req).map(InetAddress::getHostAddress).orElse("-");
                    double millis = Math.round((System.nanoTime() - start) / 1e4) / 100.0;
                    LOG.log(new Entry(client, req.prologue().method().text(), req.path().rawPath(),
                            res.status().code(), millis));
                }
            }
        };
    }

    /**
     * A log record that also holds its parts, so the JSON log writes them as fields of their own and a collector
     * need not parse the message.
     */
    public static final class Entry extends LogRecord {
        private final Map<String, Object> fields = new LinkedHashMap<>();

        Entry(String client, String method, String path, int status, double millis) {
            super(Level.INFO, client + " " + method + " " + path + " " + status + " " + millis + " ms");
            setLoggerName(LOG.getName());
            fields.put("client", client);
            fields.put("method", method);
            fields.put("path", path);
            fields.put("status", status);
            fields.put("duration_ms", millis);
        }

        /** The request's parts by name, in the order written: client, method, path, status, duration_ms. */
        public Map<String, Object> fields() {
            return Collections.unmodifiableMap(fields);
        }
    }
}
