package dev.postcard.providers;

import dev.postcard.providers.mailgun.MailgunProvider;
import dev.postcard.providers.sendgrid.SendGridProvider;

/** The providers Postcard knows out of the box. */
public final class BuiltInProviders {
    private BuiltInProviders() {
    }

    public static Providers all() {
        Providers providers = new Providers();
        providers.register(new SendGridProvider());
        providers.register(new MailgunProvider());
        return providers;
    }
}
