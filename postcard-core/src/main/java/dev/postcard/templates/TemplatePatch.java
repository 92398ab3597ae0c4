package dev.postcard.templates;

import java.util.Objects;
import java.util.Optional;

/** A change to a template: the fields given change, the others stay; each update makes a new version. */
public record TemplatePatch(Optional<String> name, PartChange subject, PartChange html, PartChange text) {
    public TemplatePatch {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(html, "html");
        Objects.requireNonNull(text, "text");
    }

    /** True when the patch changes nothing at all. */
    public boolean isEmpty() {
        return name.isEmpty() && subject instanceof PartChange.Keep && html instanceof PartChange.Keep
                && text instanceof PartChange.Keep;
    }

    /** Checks each source the patch gives, as {@link TemplateContent#check} would. */
    void checkSources() {
        if (subject instanceof PartChange.Replace replace) {
            TemplateContent.checkSubject(replace.source());
        }
        if (html instanceof PartChange.Replace replace) {
            TemplateContent.checkPart(MustacheText.Part.HTML, replace.source());
        }
        if (text instanceof PartChange.Replace replace) {
            TemplateContent.checkPart(MustacheText.Part.TEXT, replace.source());
        }
    }

    /** The content of the next version, from the current one (whose sources were checked when it was made). */
    TemplateContent apply(TemplateContent current) {
        return new TemplateContent(applied(subject, current.subject()), applied(html, current.html()),
                applied(text, current.text()));
    }

    private static Optional<String> applied(PartChange change, Optional<String> current) {
        return switch (change) {
            case PartChange.Keep keep -> current;
            case PartChange.Remove remove -> Optional.empty();
            case PartChange.Replace replace -> Optional.of(replace.source());
        };
    }
}
