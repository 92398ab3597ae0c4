package dev.postcard.providers;

import dev.postcard.providers.brevo.BrevoProvider;
import dev.postcard.providers.custom.CustomProvider;
import dev.postcard.providers.mailgun.MailgunProvider;
import dev.postcard.providers.mailjet.MailjetProvider;
import dev.postcard.providers.postmark.PostmarkProvider;
import dev.postcard.providers.resend.ResendProvider;
import dev.postcard.providers.sparkpost.SparkPostProvider;
import dev.postcard.providers.sendgrid.SendGridProvider;
import dev.postcard.providers.ses.SesProvider;

/** The providers Postcard knows out of the box. */
public final class BuiltInProviders {
    private BuiltInProviders() {
    }

    public static Providers all() {
        Providers providers = new Providers();
        providers.register(new SesProvider());
        providers.register(new SendGridProvider());
        providers.register(new MailgunProvider());
        providers.register(new ResendProvider());
        providers.register(new PostmarkProvider());
        providers.register(new SparkPostProvider());
        providers.register(new MailjetProvider());
        providers.register(new BrevoProvider());
        providers.register(new CustomProvider());
        return providers;
    }
}
