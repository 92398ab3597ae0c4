import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * The message both sides of the sending benchmark send: a newsletter of about 6 KB of HTML with ten links, a
 * non-ASCII subject and display name, so the MIME work (encoded words, quoted-printable) is the real one.
 */
final class SendContent {
    static final String FROM = "Boutique Élan <news@shop.example>";
    static final String SUBJECT = "Les nouveautés de la semaine — n° 42";

    private SendContent() {
    }

    static String html() {
        StringBuilder html = new StringBuilder("<!doctype html><html><head><meta charset=\"utf-8\"><title>News</title>"
                + "</head><body style=\"font-family: sans-serif\"><h1>Les nouveautés</h1>");
        for (int i = 1; i <= 10; i++) {
            html.append(String.format(Locale.ROOT, "<h2>Article %d</h2><p>Voici l'article numéro %d de la semaine, "
                    + "avec un texte assez long pour ressembler à une vraie lettre : des phrases, des virgules, et des "
                    + "accents (é, è, à, ç) qui passent en quoted-printable. <a href=\"https://shop.example/articles/%d"
                    + "?utm_source=newsletter&amp;utm_campaign=42\">Lire la suite</a></p>", i, i, i));
        }
        html.append("<p><a href=\"{{unsubscribe_url}}\">Se désabonner</a></p></body></html>");
        return html.toString();
    }

    static int htmlBytes() {
        return html().getBytes(StandardCharsets.UTF_8).length;
    }
}
