package dev.postcard.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.ProtocolException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class ResponseReaderTest {

    private static ByteArrayInputStream wire(String response) {
        return new ByteArrayInputStream(response.getBytes(StandardCharsets.ISO_8859_1));
    }

    private static ReceivedResponse read(String response) throws IOException {
        return ResponseReader.read(wire(response), 1024);
    }

    @Test
    void decodesChunksWithExtensionsAndIgnoresTrailers() throws IOException {
        ReceivedResponse response = read("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
                + "5;note=x\r\nhello\r\n1\r\n \r\nA\r\nchunked!!!\r\n0\r\nX-Trailer: t\r\n\r\n");

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.excerptText()).isEqualTo("hello chunked!!!");
    }

    @Test
    void readsNoFurtherThanTheExcerptLimit() throws IOException {
        ByteArrayInputStream in = wire("HTTP/1.1 200 OK\r\nContent-Length: 5000\r\n\r\n" + "y".repeat(5000));

        ReceivedResponse response = ResponseReader.read(in, 1024);

        assertThat(response.excerpt()).hasSize(1024);
        assertThat(in.available()).isEqualTo(5000 - 1024);
    }

    @Test
    void stopsReadingAChunkedBodyAtTheLimit() throws IOException {
        String chunk = "z".repeat(600);
        ByteArrayInputStream in = wire("HTTP/1.1 500 Oops\r\nTransfer-Encoding: chunked\r\n\r\n"
                + "258\r\n" + chunk + "\r\n258\r\n" + chunk + "\r\n258\r\n" + chunk + "\r\n0\r\n\r\n");

        ReceivedResponse response = ResponseReader.read(in, 1024);

        assertThat(response.excerpt()).hasSize(1024);
        assertThat(in.available()).isPositive();
    }

    @Test
    void honoursContentLengthShorterThanWhatFollows() throws IOException {
        assertThat(read("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nokAND MORE").excerptText()).isEqualTo("ok");
    }

    @Test
    void readsABodyDelimitedByTheConnectionClosing() throws IOException {
        assertThat(read("HTTP/1.0 200 OK\r\n\r\nuntil close").excerptText()).isEqualTo("until close");
    }

    @Test
    void skipsInterimResponsesAndAcceptsBareLineFeeds() throws IOException {
        ReceivedResponse response = read("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 103 Early Hints\nLink: </a>\n\n"
                + "HTTP/1.1 201 Created\nRetry-After: 5\nContent-Length: 4\n\ndone");

        assertThat(response.status()).isEqualTo(201);
        assertThat(response.header("retry-after")).contains("5");
        assertThat(response.excerptText()).isEqualTo("done");
    }

    @Test
    void keepsTheStatusWhenTheBodyIsCutShort() throws IOException {
        ReceivedResponse response = read("HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\npartial");

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.excerptText()).isEqualTo("partial");
    }

    @Test
    void aCharacterCutInTwoByTheLimitIsLeftOutOfTheExcerpt() throws IOException {
        ReceivedResponse cut = ResponseReader.read(utf8Body("a".repeat(1023) + "é and more"), 1024);
        ReceivedResponse whole = ResponseReader.read(utf8Body("prix: 5 €"), 1024);

        assertThat(cut.excerpt()).hasSize(1024);
        assertThat(cut.excerptText()).isEqualTo("a".repeat(1023));
        assertThat(whole.excerptText()).isEqualTo("prix: 5 €");
    }

    private static ByteArrayInputStream utf8Body(String text) {
        byte[] body = text.getBytes(StandardCharsets.UTF_8);
        byte[] head = ("HTTP/1.1 200 OK\r\nContent-Length: " + body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
        byte[] wire = Arrays.copyOf(head, head.length + body.length);
        System.arraycopy(body, 0, wire, head.length, body.length);
        return new ByteArrayInputStream(wire);
    }

    @Test
    void aNoContentResponseHasNoExcerpt() throws IOException {
        assertThat(read("HTTP/1.1 204 No Content\r\n\r\nstray").excerpt()).isEmpty();
    }

    @Test
    void refusesWhatIsNotAnHttpResponseHead() {
        assertThatThrownBy(() -> read("HTTP/2 200\r\n\r\n")).isInstanceOf(ProtocolException.class);
        assertThatThrownBy(() -> read("HTTP/1.1 200 OK\r\nno colon here\r\n\r\n")).isInstanceOf(ProtocolException.class);
        assertThatThrownBy(() -> read("HTTP/1.1 200 OK\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n"))
                .isInstanceOf(ProtocolException.class);
        assertThatThrownBy(() -> read("HTTP/1.1 200 OK\r\nX: " + "a".repeat(ResponseReader.MAX_LINE) + "\r\n\r\n"))
                .isInstanceOf(ProtocolException.class);
        assertThatThrownBy(() -> read("HTTP/1.1 200 OK\r\nContent-")).isInstanceOf(ProtocolException.class);
    }
}
