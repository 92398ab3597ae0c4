import dev.postcard.providers.BounceReasons;
import java.util.Arrays;
import java.util.Locale;

/**
 * The cost of deciding a bounce reason from a status code and an SMTP reply (bench/reasons.sh), as a provider's
 * bounce whose reason the provider leaves open is decided ({@code BounceReasons}, the reason rules that also read
 * bounce mail), against a bare keyword scan (lower case, then {@code String.contains} over a dozen words): the
 * least any classifier that reads the text must do.
 *
 *   java -cp bench/target/classes:postcard-server/target/libs/* ReasonBench [rounds] [classifications per round]
 */
public final class ReasonBench {
    /** Replies worded as the big mailbox providers and MTAs document them, one per common reason. */
    private static final String[][] REPLIES = {
            {"5.1.1", "550-5.1.1 The email account that you tried to reach does not exist. Please try double-checking the recipient's email address for typos or unnecessary spaces."},
            {"5.1.1", "550 5.1.1 <someone@example.org>: Recipient address rejected: User unknown in virtual mailbox table"},
            {"5.2.2", "452-4.2.2 The email account that you tried to reach is over quota. Please direct the recipient to the help center."},
            {"4.7.28", "421-4.7.28 Our system has detected an unusual rate of unsolicited mail originating from your IP address."},
            {"5.7.1", "554 5.7.1 Service unavailable; Client host [192.0.2.1] blocked using zen.spamhaus.org"},
            {"5.7.26", "550-5.7.26 This message does not pass authentication checks (SPF and DKIM both do not pass)."},
            {"5.7.606", "550 5.7.606 Access denied, banned sending IP [192.0.2.1]."},
            {"4.4.1", "connect to mx.example.org[192.0.2.10]:25: Connection timed out"},
            {"5.1.2", "Host or domain name not found. Name service error for name=example.invalid type=A: Host not found"},
            {null, "554 5.7.9 Message not accepted for policy reasons."},
            {"5.3.4", "552 5.3.4 Message size exceeds fixed maximum message size"},
            {"5.2.1", "550 5.2.1 The email account that you tried to reach is disabled."},
    };
    private static final String[] KEYWORDS = {"unknown", "does not exist", "quota", "full", "rate", "blocked", "spam",
            "policy", "timed out", "not found", "too large", "disabled"};

    public static void main(String[] args) {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 7;
        int n = args.length > 1 ? Integer.parseInt(args[1]) : 100_000;
        long sink = 0;
        double[] rules = new double[rounds];
        double[] bare = new double[rounds];
        for (int round = -2; round < rounds; round++) { // two rounds of warm-up
            long t0 = System.nanoTime();
            for (int i = 0; i < n; i++) {
                String[] r = REPLIES[i % REPLIES.length];
                sink += BounceReasons.reason(r[0], r[1]).ordinal();
            }
            long t1 = System.nanoTime();
            for (int i = 0; i < n; i++) {
                sink += keyword(REPLIES[i % REPLIES.length][1]);
            }
            long t2 = System.nanoTime();
            if (round >= 0) {
                rules[round] = (t1 - t0) / 1000.0 / n;
                bare[round] = (t2 - t1) / 1000.0 / n;
            }
        }
        double r = median(rules);
        double b = median(bare);
        System.out.printf(Locale.ROOT, "rules_us=%.2f bare_us=%.3f ratio=%.0f rounds=%d per_round=%d sink=%d%n",
                r, b, r / b, rounds, n, sink);
    }

    private static int keyword(String text) {
        String lower = text.toLowerCase(Locale.ROOT);
        for (int k = 0; k < KEYWORDS.length; k++) {
            if (lower.contains(KEYWORDS[k])) {
                return k;
            }
        }
        return -1;
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }
}
