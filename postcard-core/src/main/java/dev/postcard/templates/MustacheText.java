package dev.postcard.templates;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.samskivert.mustache.Mustache;
import com.samskivert.mustache.MustacheException;
import com.samskivert.mustache.Template;
import dev.postcard.UnprocessableException;
import dev.postcard.event.EventCodec;
import dev.postcard.tracking.Tracking;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * One part of a template as Mustache (jmustache): checked when a version is stored, rendered when it is used.
 *
 * <p>Strict about what the variables do not give, because an email that says "Dear ," went out and cannot be
 * taken back: a {@code {{name}}} the variables lack, or give as {@code null}, fails the render, naming
 * {@code variables.name}. So does a section or inverted section ({@code {{#vip}}}, {@code {{^vip}}}) over a
 * name the variables lack: the Mustache spec reads a missing name as false, but a missing name is far more often
 * a variable the sender forgot than a choice, and the choice is one {@code "vip": false} away. A name given as
 * {@code false}, {@code null} or an empty list is a legitimate false section, as the spec says.
 *
 * <p>{@code {{unsubscribe_url}}} is not a variable: it is left as it is for the tracking instrumenter, which puts
 * each recipient's signed link there after rendering ({@link Tracking#UNSUBSCRIBE_PLACEHOLDER}).
 * Partials ({@code {{> name}}}) and parents ({@code {{< name}}}) are refused: a template is one text.
 */
final class MustacheText {
    /** A part of a template: its field name and whether variables in it are HTML-escaped. */
    enum Part {
        SUBJECT("subject", false), HTML("html", true), TEXT("text", false);

        private final String field;
        private final boolean escapesHtml;

        Part(String field, boolean escapesHtml) {
            this.field = field;
            this.escapesHtml = escapesHtml;
        }

        String field() {
            return field;
        }
    }

    /** The placeholder's name without its braces: {@code unsubscribe_url}. */
    private static final String UNSUBSCRIBE = Tracking.UNSUBSCRIBE_PLACEHOLDER
            .substring(2, Tracking.UNSUBSCRIBE_PLACEHOLDER.length() - 2);
    // Compilers are immutable and safe to share between threads.
    private static final Mustache.Compiler HTML = compiler().escapeHTML(true);
    private static final Mustache.Compiler PLAIN = compiler().escapeHTML(false);

    private MustacheText() {
    }

    private static Mustache.Compiler compiler() {
        return Mustache.compiler()
                .strictSections(true)
                .withLoader(name -> {
                    throw new MustacheException("partials and parents ({{> " + name + "}}) are not supported");
                })
                .withFormatter(MustacheText::format);
    }

    /** @throws UnprocessableException naming the part when {@code source} is not a template Postcard renders */
    static void check(Part part, String source) {
        compile(part, source);
    }

    /**
     * The part rendered with {@code variables} (JSON values as Java maps, lists, strings, numbers, booleans).
     *
     * @throws UnprocessableException naming {@code variables.<name>} for a name the template uses and the
     *                                variables do not give
     */
    static String render(Part part, String source, Map<String, Object> variables) {
        Template template = compile(part, source);
        Map<String, Object> context = new HashMap<>(variables);
        unsubscribeNames(template).forEach(name -> context.put(name, Tracking.UNSUBSCRIBE_PLACEHOLDER));
        try {
            return template.execute(context);
        } catch (MustacheException.Context e) {
            throw new UnprocessableException("variables." + e.key, "the template's " + part.field() + " uses {{"
                    + e.key + "}} (line " + e.lineNo + ") and the variables do not give it");
        } catch (MustacheException e) {
            throw new UnprocessableException("variables", "the template's " + part.field()
                    + " cannot be rendered with these variables: " + e.getMessage());
        }
    }

    private static Template compile(Part part, String source) {
        Template template;
        try {
            template = (part.escapesHtml ? HTML : PLAIN).compile(source);
        } catch (MustacheException e) {
            throw invalid(part, e.getMessage());
        }
        template.visit(new NameVisitor() {
            @Override
            public boolean visitInclude(String name) {
                throw invalid(part, "partials ({{> " + name + "}}) are not supported: a template is one text");
            }

            @Override
            public boolean visitParent(String name) {
                throw invalid(part, "parents ({{< " + name + "}}) are not supported: a template is one text");
            }
        });
        return template;
    }

    /** The names under which the template writes the unsubscribe placeholder: the instrumenter ignores case. */
    private static Set<String> unsubscribeNames(Template template) {
        Set<String> names = new HashSet<>();
        template.visit(new NameVisitor() {
            @Override
            public void visitVariable(String name) {
                if (name.strip().toLowerCase(Locale.ROOT).equals(UNSUBSCRIBE)) {
                    names.add(name);
                }
            }
        });
        return names;
    }

    private static UnprocessableException invalid(Part part, String why) {
        return new UnprocessableException(part.field(), part.field() + " is not a valid Mustache template: " + why);
    }

    /** Objects and arrays print as JSON, not as Java's {@code {key=value}}. */
    private static CharSequence format(Object value) {
        if (value instanceof Map<?, ?> || value instanceof Collection<?>) {
            try {
                return EventCodec.MAPPER.writeValueAsString(value);
            } catch (JsonProcessingException e) {
                return String.valueOf(value);
            }
        }
        return String.valueOf(value);
    }

    /** Walks every name of a template, into every section. */
    private abstract static class NameVisitor implements Mustache.Visitor {
        @Override
        public void visitText(String text) {
        }

        @Override
        public void visitVariable(String name) {
        }

        @Override
        public boolean visitInclude(String name) {
            return false;
        }

        @Override
        public boolean visitSection(String name) {
            return true;
        }

        @Override
        public boolean visitInvertedSection(String name) {
            return true;
        }
    }
}
