package dev.postcard.providers.ses;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.postcard.InvalidInputException;
import dev.postcard.event.EventCodec;
import dev.postcard.providers.Provider;
import dev.postcard.providers.ProviderContext;
import dev.postcard.providers.ProviderParser;
import dev.postcard.providers.RequestVerifier;
import dev.postcard.providers.SettingsFields;
import dev.postcard.providers.Source;
import java.net.URI;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Amazon SES events delivered by Amazon SNS over HTTPS. A source lists the SNS topics it trusts
 * ({@code topic_arns}) and whether Postcard confirms their subscriptions itself ({@code auto_confirm}, default
 * true). Requests are verified by their SNS signature (v1 SHA1withRSA, v2 SHA256withRSA) against the
 * certificate at a pinned {@code sns.<region>.amazonaws.com} URL.
 */
public final class SesProvider implements Provider {
    public static final String NAME = "ses";
    static final int MAX_TOPICS = 100;
    private static final Pattern TOPIC_ARN = Pattern.compile(
            "arn:(?:aws|aws-cn|aws-us-gov):sns:[a-z]{2}(?:-[a-z]+)+-\\d{1,2}:\\d{12}:[A-Za-z0-9_-]{1,256}(?:\\.fifo)?");
    private static final SesParser PARSER = new SesParser();

    public SesProvider() {
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public ObjectNode settings(ObjectNode given) {
        SettingsFields.onlyKnown(given, Set.of("topic_arns", "auto_confirm"), NAME);
        JsonNode arns = given.get("topic_arns");
        if (arns == null || arns.isNull()) {
            throw new InvalidInputException("topic_arns", "topic_arns is required: the SNS topic ARNs this source accepts");
        }
        if (!arns.isArray() || arns.isEmpty()) {
            throw new InvalidInputException("topic_arns", "topic_arns must be a non-empty array of SNS topic ARNs");
        }
        if (arns.size() > MAX_TOPICS) {
            throw new InvalidInputException("topic_arns", "topic_arns may list at most " + MAX_TOPICS + " topics");
        }
        Set<String> topics = new LinkedHashSet<>();
        for (int i = 0; i < arns.size(); i++) {
            JsonNode arn = arns.get(i);
            if (!arn.isTextual() || !TOPIC_ARN.matcher(arn.textValue()).matches()) {
                throw new InvalidInputException("topic_arns[" + i + "]", "topic_arns[" + i + "] must be an SNS topic ARN "
                        + "like arn:aws:sns:us-east-1:123456789012:ses-events");
            }
            topics.add(arn.textValue());
        }
        ObjectNode out = EventCodec.MAPPER.createObjectNode();
        ArrayNode list = out.putArray("topic_arns");
        topics.forEach(list::add);
        out.put("auto_confirm", SettingsFields.optionalBoolean(given, "auto_confirm").orElse(true));
        return out;
    }

    @Override
    public ObjectNode publicSettings(ObjectNode stored) {
        ObjectNode out = EventCodec.MAPPER.createObjectNode();
        out.set("topic_arns", stored.path("topic_arns").deepCopy());
        out.put("auto_confirm", autoConfirm(stored));
        return out;
    }

    /** Whether the intake should confirm SNS subscriptions of this source by a GET of the SubscribeURL. */
    public static boolean autoConfirm(ObjectNode stored) {
        return stored.path("auto_confirm").asBoolean(true);
    }

    @Override
    public RequestVerifier verifier(Source source, ProviderContext context) {
        Set<String> topics = new LinkedHashSet<>();
        source.settings().path("topic_arns").forEach(a -> topics.add(a.asText()));
        return new SnsRequestVerifier(source, topics, context);
    }

    @Override
    public ProviderParser parser(Source source) {
        return PARSER;
    }

    /**
     * Whether {@code uri} is an https URL on an SNS regional endpoint ({@code sns.<region>.amazonaws.com} or
     * {@code .amazonaws.com.cn}, default port, no user info): the only URLs Postcard GETs for SNS (signing
     * certificates, SubscribeURL).
     */
    public static boolean isAmazonSnsUrl(URI uri) {
        return SnsCertificates.isSnsUrl(uri);
    }
}
