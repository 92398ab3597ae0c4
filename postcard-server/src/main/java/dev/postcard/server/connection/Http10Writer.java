package dev.postcard.server.connection;

import io.helidon.common.buffers.BufferData;
import io.helidon.common.buffers.DataWriter;

/**
 * Writes a connection's answers as Helidon made them, except a chunked one to an HTTP/1.0 client: such a
 * client cannot read the chunked coding (RFC 9112 §7), and Helidon streams an answer of unknown length (the
 * CSV export) chunked whatever the request's version, with no other framing on offer. So that answer's chunks
 * are unwrapped as they are written: its head passes as it is ({@link AnswerEvents} took
 * {@code Transfer-Encoding} out of it and made it say {@code Connection: close}), then the chunks' data
 * alone, and the end of the connection ends the body (RFC 9112 §6.3, item 8).
 */
final class Http10Writer implements DataWriter {
    private final DataWriter socket;
    private Unchunking unchunking;

    Http10Writer(DataWriter socket) {
        this.socket = socket;
    }

    /** The next answer is written without its chunk framing. */
    void unchunkNextAnswer() {
        unchunking = new Unchunking();
    }

    @Override
    public void write(BufferData... buffers) {
        for (BufferData buffer : buffers) {
            write(buffer);
        }
    }

    @Override
    public void write(BufferData buffer) {
        socket.write(pass(buffer));
    }

    @Override
    public void writeNow(BufferData... buffers) {
        for (BufferData buffer : buffers) {
            writeNow(buffer);
        }
    }

    @Override
    public void writeNow(BufferData buffer) {
        socket.writeNow(pass(buffer));
    }

    @Override
    public void flush() {
        socket.flush();
    }

    @Override
    public void close() {
        socket.close();
    }

    private BufferData pass(BufferData buffer) {
        if (unchunking == null) {
            return buffer;
        }
        BufferData data = unchunking.strip(buffer);
        if (unchunking.done()) {
            unchunking = null;
        }
        return data;
    }

    /** Reads an answer as it is written: its head, then chunks (size line, data, CRLF), the last chunk and trailers. */
    private static final class Unchunking {
        private enum State { HEAD, SIZE, EXTENSION, DATA, DATA_END, TRAILERS, DONE }

        private State state = State.HEAD;
        private int headEndMatched;
        private long size;
        private int lineLength;

        boolean done() {
            return state == State.DONE;
        }

        BufferData strip(BufferData in) {
            BufferData out = BufferData.growing(Math.max(16, in.available()));
            while (in.available() > 0 && state != State.DONE) {
                if (state == State.DATA) {
                    byte[] data = new byte[(int) Math.min(size, in.available())];
                    in.read(data, 0, data.length);
                    out.write(data);
                    size -= data.length;
                    if (size == 0) {
                        state = State.DATA_END;
                    }
                    continue;
                }
                int b = in.read();
                switch (state) {
                    case HEAD -> {
                        out.write(b);
                        // the head ends at CRLF CRLF
                        boolean expected = b == (headEndMatched % 2 == 0 ? '\r' : '\n');
                        headEndMatched = expected ? headEndMatched + 1 : b == '\r' ? 1 : 0;
                        if (headEndMatched == 4) {
                            state = State.SIZE;
                        }
                    }
                    case SIZE -> {
                        if (b == '\n') {
                            endSizeLine();
                        } else if (b == ';') {
                            state = State.EXTENSION;
                        } else if (b != '\r') {
                            size = size * 16 + Character.digit(b, 16);
                        }
                    }
                    case EXTENSION -> {
                        if (b == '\n') {
                            endSizeLine();
                        }
                    }
                    case DATA_END -> {
                        if (b == '\n') {
                            state = State.SIZE;
                        }
                    }
                    case TRAILERS -> {
                        if (b == '\n') {
                            state = lineLength == 0 ? State.DONE : State.TRAILERS;
                            lineLength = 0;
                        } else if (b != '\r') {
                            lineLength++;
                        }
                    }
                    default -> throw new IllegalStateException("unchunking in state " + state);
                }
            }
            return out;
        }

        private void endSizeLine() {
            state = size == 0 ? State.TRAILERS : State.DATA;
            lineLength = 0;
        }
    }
}
