package dev.postcard.event;

import java.security.SecureRandom;
import java.time.Instant;

/**
 * Monotonic ULIDs: 48 bits of milliseconds then 80 random bits, Crockford base32, 26 characters.
 * Within one millisecond the random part is incremented so ids made in one process sort in creation order.
 */
final class Ulid {
    private static final char[] ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ".toCharArray();
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Object LOCK = new Object();
    private static long lastMillis = -1;
    private static long randomHigh; // 16 bits
    private static long randomLow;  // 64 bits

    private Ulid() {
    }

    public static String next() {
        long millis;
        long high;
        long low;
        synchronized (LOCK) {
            millis = Math.max(System.currentTimeMillis(), lastMillis);
            if (millis == lastMillis) {
                randomLow++;
                if (randomLow == 0) {
                    randomHigh = (randomHigh + 1) & 0xFFFF;
                    if (randomHigh == 0) {
                        millis = ++lastMillis; // 80-bit overflow within one ms: borrow the next ms
                    }
                }
            } else {
                randomHigh = RANDOM.nextInt(1 << 16);
                randomLow = RANDOM.nextLong();
            }
            lastMillis = millis;
            high = randomHigh;
            low = randomLow;
        }
        return encode(millis, high, low);
    }

    /**
     * A ULID that is the same every time for the same time and seed: the seed's SHA-256 stands in for the
     * random part. Gives idempotent events their stable ids (a provider's retry, a second unsubscribe).
     */
    public static String derived(Instant time, String seed) {
        try {
            byte[] h = java.security.MessageDigest.getInstance("SHA-256")
                    .digest(seed.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            long high = ((h[0] & 0xFFL) << 8) | (h[1] & 0xFFL);
            long low = java.nio.ByteBuffer.wrap(h, 2, 8).getLong();
            return encode(Math.max(0, time.toEpochMilli()) & 0xFFFF_FFFF_FFFFL, high, low);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    static String encode(long millis, long high16, long low64) {
        char[] out = new char[26];
        for (int i = 9; i >= 0; i--) {
            out[i] = ALPHABET[(int) (millis & 31)];
            millis >>>= 5;
        }
        // 80 random bits = high16 (16) + low64 (64) → 16 characters of 5 bits.
        for (int i = 25; i >= 10; i--) {
            out[i] = ALPHABET[(int) (low64 & 31)];
            low64 = (low64 >>> 5) | ((high16 & 31) << 59);
            high16 >>>= 5;
        }
        return new String(out);
    }

    /** The millisecond timestamp encoded in a ULID's first ten characters. */
    public static Instant timestampOf(String ulid) {
        long millis = 0;
        for (int i = 0; i < 10; i++) {
            millis = (millis << 5) | decodeChar(ulid.charAt(i));
        }
        return Instant.ofEpochMilli(millis);
    }

    public static boolean isValid(String s) {
        if (s == null || s.length() != 26 || s.charAt(0) > '7') {
            return false;
        }
        for (int i = 0; i < 26; i++) {
            if (decodeChar(s.charAt(i)) < 0) {
                return false;
            }
        }
        return true;
    }

    private static int decodeChar(char c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        for (int i = 10; i < ALPHABET.length; i++) {
            if (ALPHABET[i] == c) {
                return i;
            }
        }
        return -1;
    }
}
