package dev.postcard.bounces.intake;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One SMTP connection to the bounce listener: the RFC 5321 subset a returning MTA uses (EHLO/HELO, MAIL, RCPT,
 * DATA, RSET, NOOP, QUIT). DATA is answered 250 only once the bounce's events are durable; when they could not
 * be stored the answer is 451, and the sending MTA keeps the mail and tries again.
 */
final class SmtpSession {
    private static final Logger LOG = Logger.getLogger(SmtpSession.class.getName());
    /** RFC 5321 §4.5.3.1.4: a command line is at most 512 octets with its CRLF. */
    private static final int MAX_COMMAND_LINE = 510;
    /** Bad commands tolerated before the connection is closed: a client that speaks no SMTP is not kept. */
    private static final int MAX_ERRORS = 20;
    private static final Pattern PATH = Pattern.compile("(?i)(FROM|TO):\\s*<([^<>\\s]*)>((?:\\s+\\S+)*)\\s*");
    private static final Pattern ADDRESS = Pattern.compile("[^@\\s]+@[^@\\s]+|(?i)postmaster");

    private final Socket socket;
    private final SmtpListenerSettings settings;
    private final BounceIntake intake;
    private final SmtpLineReader in;
    private final OutputStream out;
    private boolean greeted;
    private String mailFrom;
    private final List<String> recipients = new ArrayList<>();
    private int errors;

    SmtpSession(Socket socket, SmtpListenerSettings settings, BounceIntake intake) throws IOException {
        this.socket = socket;
        this.settings = settings;
        this.intake = intake;
        this.in = new SmtpLineReader(new BufferedInputStream(socket.getInputStream()));
        this.out = socket.getOutputStream();
    }

    /** Serves the connection until QUIT, the client leaves, a timeout or too many errors. */
    void run() throws IOException {
        socket.setSoTimeout((int) settings.commandTimeout().toMillis());
        reply("220 " + settings.hostname() + " ESMTP Postcard bounce intake");
        try {
            while (true) {
                SmtpLineReader.Line line = in.read(MAX_COMMAND_LINE);
                if (line == null) {
                    return;
                }
                if (line.tooLong()) {
                    error("500 5.5.2 Line too long");
                } else if (!command(line.text())) {
                    return;
                }
                if (errors >= MAX_ERRORS) {
                    reply("421 4.7.0 " + settings.hostname() + " Too many errors, closing connection");
                    return;
                }
            }
        } catch (SocketTimeoutException e) {
            reply("421 4.4.2 " + settings.hostname() + " Timeout, closing connection");
        }
    }

    /** Handles one command; false when the connection should close. */
    private boolean command(String line) throws IOException {
        int space = line.indexOf(' ');
        String verb = (space < 0 ? line : line.substring(0, space)).toUpperCase(Locale.ROOT);
        String argument = space < 0 ? "" : line.substring(space + 1).strip();
        switch (verb) {
            case "EHLO", "HELO" -> hello(verb, argument);
            case "MAIL" -> mail(argument);
            case "RCPT" -> rcpt(argument);
            case "DATA" -> data(argument);
            case "RSET" -> {
                reset();
                reply("250 2.0.0 OK");
            }
            case "NOOP" -> reply("250 2.0.0 OK");
            case "QUIT" -> {
                reply("221 2.0.0 " + settings.hostname() + " closing connection");
                return false;
            }
            case "VRFY" -> reply("252 2.5.0 Cannot VRFY user, but will accept message");
            case "EXPN", "HELP", "TURN", "ETRN", "AUTH", "STARTTLS", "BDAT" -> error("502 5.5.1 Command not implemented");
            default -> error("500 5.5.2 Command unrecognized");
        }
        return true;
    }

    private void hello(String verb, String argument) throws IOException {
        if (argument.isEmpty()) {
            error("501 5.5.4 Syntax: " + verb + " hostname");
            return;
        }
        reset();
        greeted = true;
        if (verb.equals("HELO")) {
            reply("250 " + settings.hostname());
        } else {
            reply("250-" + settings.hostname() + "\r\n250-SIZE " + settings.maxMessageSize()
                    + "\r\n250-8BITMIME\r\n250-PIPELINING\r\n250 ENHANCEDSTATUSCODES");
        }
    }

    private void mail(String argument) throws IOException {
        if (!greeted) {
            error("503 5.5.1 Send EHLO or HELO first");
            return;
        }
        if (mailFrom != null) {
            error("503 5.5.1 Nested MAIL command");
            return;
        }
        Matcher m = PATH.matcher(argument);
        if (!m.matches() || !m.group(1).equalsIgnoreCase("FROM")
                || !(m.group(2).isEmpty() || ADDRESS.matcher(stripRoute(m.group(2))).matches())) {
            error("501 5.5.4 Syntax: MAIL FROM:<address>");
            return;
        }
        for (String parameter : m.group(3).strip().split("\\s+")) {
            String p = parameter.toUpperCase(Locale.ROOT);
            if (p.isEmpty() || p.startsWith("BODY=")) {
                continue;
            }
            if (p.startsWith("SIZE=")) {
                try {
                    if (Long.parseLong(p.substring(5)) > settings.maxMessageSize()) {
                        reply("552 5.3.4 Message size exceeds fixed limit of " + settings.maxMessageSize() + " bytes");
                        return;
                    }
                    continue;
                } catch (NumberFormatException e) {
                    error("501 5.5.4 Syntax: SIZE=<number>");
                    return;
                }
            }
            error("555 5.5.4 Unsupported parameter " + parameter);
            return;
        }
        mailFrom = m.group(2); // <> (the null sender of every bounce) is an empty path
        reply("250 2.1.0 OK");
    }

    private void rcpt(String argument) throws IOException {
        if (mailFrom == null) {
            error("503 5.5.1 Need MAIL before RCPT");
            return;
        }
        Matcher m = PATH.matcher(argument);
        String address = m.matches() && m.group(1).equalsIgnoreCase("TO") ? stripRoute(m.group(2)) : "";
        if (!ADDRESS.matcher(address).matches()) {
            error("501 5.5.4 Syntax: RCPT TO:<address>");
            return;
        }
        if (recipients.size() >= settings.maxRecipients()) {
            reply("452 4.5.3 Too many recipients");
            return;
        }
        int at = address.lastIndexOf('@');
        // RFC 5321 §4.5.1: the bare postmaster must be accepted.
        if (at >= 0 && !settings.accepts(address.substring(at + 1))) {
            reply("550 5.1.1 <" + address + ">: Recipient address rejected: not a bounce address here");
            return;
        }
        recipients.add(address);
        reply("250 2.1.5 OK");
    }

    private void data(String argument) throws IOException {
        if (!argument.isEmpty()) {
            error("501 5.5.4 Syntax: DATA");
            return;
        }
        if (mailFrom == null || recipients.isEmpty()) {
            error("503 5.5.1 Need RCPT before DATA");
            return;
        }
        reply("354 End data with <CR><LF>.<CR><LF>");
        socket.setSoTimeout((int) settings.dataTimeout().toMillis());
        Optional<byte[]> message = readMessage();
        socket.setSoTimeout((int) settings.commandTimeout().toMillis());
        if (message.isEmpty()) {
            reset();
            reply("552 5.3.4 Message size exceeds fixed limit of " + settings.maxMessageSize() + " bytes");
            return;
        }
        try {
            BounceReceipt receipt = intake.receive(message.get(), Optional.of(envelopeRecipient()));
            reply("250 2.0.0 OK: " + receipt.kind().wireName() + ", " + receipt.stored() + " event(s) stored");
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "bounce mail could not be stored; the sender was asked to retry", e);
            reply("451 4.3.0 Temporary failure storing the message, try again later");
        }
        reset();
    }

    /** Reads to the lone dot, undoing dot-stuffing; empty when the message is over the size limit. */
    private Optional<byte[]> readMessage() throws IOException {
        ByteArrayOutputStream message = new ByteArrayOutputStream();
        long limit = settings.maxMessageSize();
        boolean tooBig = false;
        while (true) {
            // A line longer than what is left of the limit makes the message too big; it is still read to its end.
            SmtpLineReader.Line line = in.read((int) Math.min(Integer.MAX_VALUE - 8, Math.max(0, limit - message.size()) + 1));
            if (line == null) {
                throw new java.io.EOFException("the client left during DATA");
            }
            byte[] bytes = line.bytes();
            if (!line.tooLong() && bytes.length == 1 && bytes[0] == '.') {
                return tooBig ? Optional.empty() : Optional.of(message.toByteArray());
            }
            if (tooBig) {
                continue;
            }
            int from = bytes.length > 0 && bytes[0] == '.' ? 1 : 0;
            if (line.tooLong() || message.size() + (bytes.length - from) + 2 > limit) {
                tooBig = true;
                message = new ByteArrayOutputStream();
                continue;
            }
            message.write(bytes, from, bytes.length - from);
            message.write('\r');
            message.write('\n');
        }
    }

    /** The recipient that names the message (a VERP return path) when there is one, else the first. */
    private String envelopeRecipient() {
        return recipients.stream().filter(r -> VerpAddress.parse(r, settings.bounceDomains()).isPresent())
                .findFirst().orElse(recipients.getFirst());
    }

    /** {@code @relay1,@relay2:user@domain} (an RFC 5321 source route) is {@code user@domain}. */
    private static String stripRoute(String path) {
        int colon = path.indexOf(':');
        return path.startsWith("@") && colon > 0 ? path.substring(colon + 1) : path;
    }

    private void reset() {
        mailFrom = null;
        recipients.clear();
    }

    private void error(String line) throws IOException {
        errors++;
        reply(line);
    }

    private void reply(String line) throws IOException {
        out.write((line + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }
}
