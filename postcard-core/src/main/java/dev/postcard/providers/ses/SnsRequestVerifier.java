package dev.postcard.providers.ses;

import com.fasterxml.jackson.databind.JsonNode;
import dev.postcard.InvalidInputException;
import dev.postcard.providers.ProviderContext;
import dev.postcard.providers.ProviderJson;
import dev.postcard.providers.RequestVerifier;
import dev.postcard.providers.Source;
import dev.postcard.providers.WebhookRejectedException;
import dev.postcard.providers.WebhookRequest;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;

/**
 * Verifies one SES source's SNS requests: the envelope is read strictly, then the cheap checks run first
 * ({@code x-amz-sns-message-type} header, SignatureVersion, TopicArn allow-list, SigningCertURL pinning,
 * SubscribeURL host, Timestamp tolerance) and only then is the certificate fetched and the RSA signature checked.
 * A body that is not a JSON object is malformed ({@link InvalidInputException} on {@code body}); every other
 * failure is a {@link WebhookRejectedException}.
 */
final class SnsRequestVerifier implements RequestVerifier {
    static final String MESSAGE_TYPE_HEADER = "x-amz-sns-message-type";

    private final Source source;
    private final Set<String> topicArns;
    private final SnsCertificates certificates;
    private final ProviderContext context;

    SnsRequestVerifier(Source source, Set<String> topicArns, ProviderContext context) {
        this.source = source;
        this.topicArns = Set.copyOf(topicArns);
        this.context = context;
        this.certificates = new SnsCertificates(context.http());
    }

    @Override
    public void verify(WebhookRequest request, Instant now) {
        JsonNode body = ProviderJson.readBody(request);
        if (!body.isObject()) {
            throw new InvalidInputException("body", "an SNS message is a JSON object");
        }
        try {
            check(request, body, now);
        } catch (WebhookRejectedException e) {
            throw e;
        } catch (InvalidInputException e) {
            throw new WebhookRejectedException("the SNS message is malformed: " + e.getMessage());
        } catch (RuntimeException e) {
            throw new WebhookRejectedException("the SNS message could not be verified");
        }
    }

    private void check(WebhookRequest request, JsonNode body, Instant now) {
        SnsMessage message = SnsMessage.from(body);
        Optional<String> headerType = request.header(MESSAGE_TYPE_HEADER);
        if (headerType.isPresent() && !headerType.get().trim().equals(message.type().wireName())) {
            throw new WebhookRejectedException("the " + MESSAGE_TYPE_HEADER + " header does not match the message Type");
        }
        SnsSignatureVerifier.algorithm(message.signatureVersion());
        if (!topicArns.contains(message.topicArn())) {
            throw new WebhookRejectedException("TopicArn is not one of the source's topic_arns");
        }
        if (!SnsCertificates.isSigningCertUrl(message.signingCertUrl())) {
            throw new WebhookRejectedException("SigningCertURL is not an https .pem URL on sns.<region>.amazonaws.com");
        }
        if (message.subscribeUrl() != null && !SesProvider.isAmazonSnsUrl(SnsCertificates.parse(message.subscribeUrl()))) {
            throw new WebhookRejectedException("SubscribeURL is not an https URL on sns.<region>.amazonaws.com");
        }
        source.checkTimestamp(message.timestampInstant(), now);
        X509Certificate certificate = certificates.certificate(message.signingCertUrl(), context.clock().instant());
        SnsSignatureVerifier.verify(message, certificate.getPublicKey());
    }
}
