package dev.postcard.providers.ses;

import dev.postcard.providers.WebhookRejectedException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.Signature;
import java.util.Base64;

/** Checks the RSA signature of an SNS message: SignatureVersion 1 is SHA1withRSA, 2 is SHA256withRSA. */
final class SnsSignatureVerifier {
    private SnsSignatureVerifier() {
    }

    /** The JDK algorithm of a SignatureVersion. @throws WebhookRejectedException for any other version */
    public static String algorithm(String signatureVersion) {
        return switch (signatureVersion) {
            case "1" -> "SHA1withRSA";
            case "2" -> "SHA256withRSA";
            default -> throw new WebhookRejectedException("unsupported SNS SignatureVersion '"
                    + SnsMessage.shorten(signatureVersion) + "' (1 and 2 are accepted)");
        };
    }

    /** @throws WebhookRejectedException when the signature does not verify with {@code key} */
    public static void verify(SnsMessage message, PublicKey key) {
        String algorithm = algorithm(message.signatureVersion());
        byte[] signature;
        try {
            signature = Base64.getDecoder().decode(message.signature());
        } catch (IllegalArgumentException e) {
            throw new WebhookRejectedException("the SNS Signature is not base64");
        }
        if (signature.length == 0) {
            throw new WebhookRejectedException("the SNS Signature is empty");
        }
        boolean valid;
        try {
            Signature verifier = Signature.getInstance(algorithm);
            verifier.initVerify(key);
            verifier.update(SnsStringToSign.of(message).getBytes(StandardCharsets.UTF_8));
            valid = verifier.verify(signature);
        } catch (GeneralSecurityException | RuntimeException e) {
            valid = false;
        }
        if (!valid) {
            throw new WebhookRejectedException("the SNS signature does not match the message");
        }
    }
}
