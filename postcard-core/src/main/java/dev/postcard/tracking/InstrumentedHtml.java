package dev.postcard.tracking;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.SequencedMap;

/**
 * The result of instrumenting one message.
 *
 * @param html          the input with the intended changes only
 * @param headers       headers the sender must add, in order: {@code List-Unsubscribe},
 *                      {@code List-Unsubscribe-Post}
 * @param rewrittenUrls the original target of every rewritten link, in document order, one entry per link
 */
public record InstrumentedHtml(String html, SequencedMap<String, String> headers, List<String> rewrittenUrls) {
    public InstrumentedHtml {
        headers = Collections.unmodifiableSequencedMap(new LinkedHashMap<>(headers));
        rewrittenUrls = List.copyOf(rewrittenUrls);
    }
}
