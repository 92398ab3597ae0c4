package dev.postcard.sending.api;

import okhttp3.Headers;

/** What one call to a provider's API came to: an HTTP answer, or no answer at all. */
sealed interface Reply {
    /**
     * The provider answered.
     *
     * @param body the first {@link ApiClient#EXCERPT_LIMIT} bytes of the body, as UTF-8
     */
    record Answered(int status, Headers headers, String body) implements Reply {
        boolean successful() {
            return status >= 200 && status < 300;
        }

        /** The status and the body ({@code "202"} when it has none), as a transport result's {@code response}. */
        String text() {
            return Outcomes.clip(body.isEmpty() ? String.valueOf(status) : status + " " + body);
        }
    }

    /**
     * No answer: the connection failed, TLS failed, or the call timed out. The request may or may not have
     * reached the provider.
     *
     * @param problem what went wrong, starting with {@link Outcomes#UNREACHABLE}; never names the credentials
     */
    record Unreachable(String problem) implements Reply {
    }
}
