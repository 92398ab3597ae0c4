/*
 * The baseline of the open-tracking benchmark: a bare Helidon SE 4 WebServer, from the same jars as
 * Postcard (postcard-server/target/libs), answering GET /track/open/{id} with the same 43-byte GIF and the
 * same headers as Postcard's pixel route, and recording nothing.
 *
 *   java -cp 'postcard-server/target/libs/*' bench/BareServer.java [port]
 *
 * Prints "Bare server is running on port N" when ready; stops on SIGTERM / Ctrl-C.
 */

import io.helidon.http.HeaderNames;
import io.helidon.webserver.WebServer;
import java.util.concurrent.CountDownLatch;

public final class BareServer {
    /** GIF89a, 1x1, one transparent pixel: byte for byte the pixel Postcard serves. */
    static final byte[] PIXEL = {
        0x47, 0x49, 0x46, 0x38, 0x39, 0x61, 0x01, 0x00, 0x01, 0x00, (byte) 0x80, 0x00, 0x00, 0x00, 0x00, 0x00,
        (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0x21, (byte) 0xF9, 0x04, 0x01, 0x00, 0x00, 0x00, 0x00, 0x2C,
        0x00, 0x00, 0x00, 0x00, 0x01, 0x00, 0x01, 0x00, 0x00, 0x02, 0x02, 0x44, 0x01, 0x00, 0x3B};
    static final String NO_STORE = "no-store, no-cache, must-revalidate, private";

    public static void main(String[] args) throws InterruptedException {
        if (PIXEL.length != 43) {
            throw new AssertionError("the pixel must be 43 bytes");
        }
        int port = args.length > 0 ? Integer.parseInt(args[0]) : 8090;
        WebServer server = WebServer.builder()
                .host("127.0.0.1")
                .port(port)
                .shutdownHook(false)
                .routing(routing -> routing.get("/track/open/{emailId}", (req, res) -> {
                    req.path().pathParameters().get("emailId");
                    // The headers Postcard's open route sends, so both answers weigh the same on the wire.
                    res.header(HeaderNames.CONTENT_TYPE, "image/gif");
                    res.header(HeaderNames.CACHE_CONTROL, NO_STORE);
                    res.header(HeaderNames.PRAGMA, "no-cache");
                    res.header(HeaderNames.EXPIRES, "0");
                    res.send(PIXEL);
                }))
                .build()
                .start();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.stop();
            stopped.countDown();
        }));
        System.out.println("Bare server is running on port " + server.port());
        System.out.flush();
        stopped.await();
    }
}
