package dev.postcard.delivery;

/** Why a webhook attempt got no HTTP response: the families an operator acts on differently. */
public enum ErrorClass {
    /** The host name does not resolve. */
    DNS,
    /** The host resolves only to addresses the {@link AddressPolicy} refuses; nothing was connected to. */
    BLOCKED_ADDRESS,
    /** No TCP connection: refused, unreachable, or no answer to the connection attempt in time. */
    CONNECT,
    /** The TLS handshake failed: an untrusted or expired certificate, one for another name, no common protocol. */
    TLS,
    /** Connected, but the receiver did not answer within the attempt's timeout. */
    TIMEOUT,
    /** The receiver answered something that is not HTTP/1.x, or broke off in the middle of it. */
    PROTOCOL,
    /** Any other I/O failure on an open connection, such as a reset. */
    IO
}
