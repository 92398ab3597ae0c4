package dev.postcard.sending;

/** A file attached to a message: its name as the recipient sees it, its media type and its bytes. */
public record MailAttachment(String filename, String contentType, byte[] content) {
    public MailAttachment {
        content = content.clone();
    }

    @Override
    public byte[] content() {
        return content.clone();
    }
}
