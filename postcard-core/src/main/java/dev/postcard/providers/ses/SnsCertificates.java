package dev.postcard.providers.ses;

import dev.postcard.providers.HttpGetter;
import dev.postcard.providers.WebhookRejectedException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateFactory;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The SNS signing certificates: a {@code SigningCertURL} is fetched only when it is an https URL on
 * {@code sns.<region>.amazonaws.com} (or {@code .amazonaws.com.cn}) with the default port, no user info, no query
 * and a single path segment ending in {@code .pem}. Parsed certificates are kept by URL (at most
 * {@value #MAX_ENTRIES}, least recently used dropped); their validity is checked on every use.
 */
final class SnsCertificates {
    static final int MAX_ENTRIES = 100;

    /** {@code sns.<region>.amazonaws.com[.cn]}; regions look like {@code us-east-1}, {@code us-gov-west-1}, {@code cn-north-1}. */
    private static final Pattern SNS_HOST = Pattern.compile("sns\\.[a-z]{2}(?:-[a-z]+)+-\\d{1,2}\\.amazonaws\\.com(?:\\.cn)?");
    private static final Pattern PEM_PATH = Pattern.compile("/[A-Za-z0-9._-]{1,200}\\.pem");

    private final HttpGetter http;
    private final Map<String, X509Certificate> cache = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, X509Certificate> eldest) {
            return size() > MAX_ENTRIES;
        }
    };

    public SnsCertificates(HttpGetter http) {
        this.http = http;
    }

    /** Whether {@code uri} is an https URL on an SNS regional endpoint (default port, no user info, no fragment). */
    public static boolean isSnsUrl(URI uri) {
        if (uri == null || uri.isOpaque() || uri.getScheme() == null || uri.getRawAuthority() == null) {
            return false;
        }
        String host = uri.getHost();
        return "https".equals(uri.getScheme().toLowerCase(Locale.ROOT))
                && uri.getRawUserInfo() == null
                && (uri.getPort() == -1 || uri.getPort() == 443)
                && uri.getRawFragment() == null
                && host != null
                && uri.getRawAuthority().toLowerCase(Locale.ROOT).equals(host.toLowerCase(Locale.ROOT)
                        + (uri.getPort() == -1 ? "" : ":" + uri.getPort()))
                && SNS_HOST.matcher(host.toLowerCase(Locale.ROOT)).matches();
    }

    /** Whether {@code url} may be fetched as a signing certificate. */
    public static boolean isSigningCertUrl(String url) {
        URI uri = parse(url);
        return uri != null && isSnsUrl(uri) && uri.getRawQuery() == null && uri.getRawPath() != null
                && PEM_PATH.matcher(uri.getRawPath()).matches();
    }

    static URI parse(String url) {
        if (url == null || url.length() > 2048) {
            return null;
        }
        try {
            return new URI(url);
        } catch (URISyntaxException e) {
            return null;
        }
    }

    /**
     * The certificate at {@code url}, valid at {@code now}.
     *
     * @throws WebhookRejectedException when the URL is not an SNS certificate URL, the download or parse fails,
     *                                  or the certificate is not valid at {@code now}
     */
    public X509Certificate certificate(String url, Instant now) {
        if (!isSigningCertUrl(url)) {
            throw new WebhookRejectedException("SigningCertURL is not an https .pem URL on sns.<region>.amazonaws.com");
        }
        X509Certificate cert;
        synchronized (cache) {
            cert = cache.get(url);
        }
        if (cert == null) {
            cert = download(url);
            synchronized (cache) {
                cache.put(url, cert);
            }
        }
        try {
            cert.checkValidity(Date.from(now));
        } catch (CertificateExpiredException | CertificateNotYetValidException e) {
            throw new WebhookRejectedException("the SNS signing certificate is not valid at " + now);
        }
        return cert;
    }

    int cached() {
        synchronized (cache) {
            return cache.size();
        }
    }

    private X509Certificate download(String url) {
        byte[] pem;
        try {
            pem = http.get(URI.create(url));
        } catch (IOException | RuntimeException e) {
            throw new WebhookRejectedException("the SNS signing certificate could not be fetched");
        }
        if (pem == null || pem.length == 0 || pem.length > HttpGetter.MAX_BODY) {
            throw new WebhookRejectedException("the SNS signing certificate could not be fetched");
        }
        try {
            if (CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(pem))
                    instanceof X509Certificate x509) {
                return x509;
            }
        } catch (GeneralSecurityException | RuntimeException e) {
            // fall through
        }
        throw new WebhookRejectedException("the SNS signing certificate is not an X.509 certificate");
    }
}
