package dev.postcard.tracking;

import java.net.InetAddress;
import java.util.Optional;

/** What a tracking route knows of the request behind a hit. */
public record HitRequest(boolean head, Optional<String> userAgent, Optional<InetAddress> clientIp) {
    public HitRequest {
        userAgent = userAgent.map(ua -> ua.length() > 1024 ? ua.substring(0, 1024) : ua);
    }

    String method() {
        return head ? "HEAD" : "GET";
    }
}
