package dev.postcard.providers.mailjet;

import dev.postcard.providers.SharedSecretProvider;

/**
 * Mailjet Event API callbacks: one event object per POST, or an array of them when "group events" is on.
 * Mailjet signs nothing; the endpoint URL carries HTTP Basic credentials ({@code https://user:pass@host/...})
 * or a {@code ?token=}. See {@link MailjetParser} for the mapping.
 */
public final class MailjetProvider extends SharedSecretProvider {
    public static final String NAME = "mailjet";

    public MailjetProvider() {
        super(NAME, new MailjetParser());
    }
}
