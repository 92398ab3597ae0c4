package dev.postcard.bounces.formats;

import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Notices from mailing-list managers that refused a post: fml (which marks its mail with {@code X-MLServer: fml})
 * and Mailman (administrative mail carries {@code X-Mailman-Version} and {@code X-List-Administrivia: yes}). They
 * are not MTA bounces and carry no DSN, but they report that a message did not reach the list: the failed recipient
 * is the list's address, the diagnostic the notice's own first lines. Welcome messages, digests and other
 * administrative mail say nothing of the kind and are left to the other readers.
 */
public final class ListNoticeReader {
    /** What a list manager says when it refuses a post. */
    private static final Pattern REFUSAL = Pattern.compile("loop alert|duplicated message-id|security alert"
            + "|not (?:a )?member|members[- ]only|not allowed to post|(?:permission|authori[sz]ation) to post"
            + "|rejected by the (?:list )?moderator|has been (?:automatically )?rejected|was not distributed");
    /** fml quotes the refused message after this line; the notice is what comes before it. */
    private static final String FML_ORIGINAL = "original mail as follows";
    private static final int NOTICE_LINES = 20;
    /** The administrative addresses a list manager sends from; the list's address is the part before. */
    private static final Pattern ADMIN_SUFFIX = Pattern.compile("-(?:owner|admin|bounces|request)(?=@)");

    private ListNoticeReader() {
    }

    public static Optional<Report> read(ReturnedMail mail) {
        boolean fml = mail.header("X-MLServer").toLowerCase(Locale.ROOT).contains("fml");
        boolean mailman = !mail.header("X-Mailman-Version").isBlank()
                && mail.header("X-List-Administrivia").strip().equalsIgnoreCase("yes");
        if (!fml && !mailman) {
            return Optional.empty();
        }
        String notice = notice(mail.text());
        if (!REFUSAL.matcher((mail.subject() + "\n" + notice).toLowerCase(Locale.ROOT)).find()) {
            return Optional.empty();
        }
        return listAddress(mail, notice).map(list -> Report.bounce(
                List.of(Finding.fromText(list, "failed", (mail.subject() + ": " + notice).strip())), Optional.empty()));
    }

    /** The notice's own words: its first lines, without the quoted original. */
    private static String notice(String text) {
        List<String> lines = text.lines().limit(NOTICE_LINES).toList();
        StringBuilder out = new StringBuilder();
        for (String line : lines) {
            if (line.toLowerCase(Locale.ROOT).contains(FML_ORIGINAL)) {
                break;
            }
            out.append(line.strip()).append(' ');
        }
        return out.toString().strip();
    }

    /**
     * The list's address: the one the notice names (fml: "... in &lt;list@example.org&gt;"), or the sender of the
     * notice without its administrative suffix (Mailman sends as {@code list-owner@}). The notice's addressee and
     * the administrative sender itself are not the list.
     */
    private static Optional<String> listAddress(ReturnedMail mail, String notice) {
        Optional<String> sender = Addresses.first(mail.from());
        Set<String> notTheList = new HashSet<>(Addresses.all(mail.header("To")));
        sender.ifPresent(notTheList::add);
        Optional<String> named = Addresses.all(notice).stream().filter(a -> !notTheList.contains(a)).findFirst();
        return named.or(() -> sender.filter(s -> ADMIN_SUFFIX.matcher(s).find())
                .map(s -> ADMIN_SUFFIX.matcher(s).replaceFirst("")));
    }
}
