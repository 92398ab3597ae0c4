package dev.postcard.bounces.reasons;

import static dev.postcard.bounces.reasons.ReasonName.*;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What the remote server said, as families of phrases per reason: the wording Postfix, Exim, Sendmail, qmail,
 * Exchange / Microsoft 365, Gmail, Yahoo and the other big mailbox providers use in their replies. Input is
 * {@link DiagnosticText#forPhrases prepared} text (lower case, single spaces, no addresses).
 *
 * <p>The list is ordered and the first family that matches wins. The order puts the more specific meaning first
 * wherever two families share words; each such place carries a comment. {@link #WEAK} holds generic words that
 * are only used when neither the text families nor the status code decided.
 */
final class PhraseRules {
    /** Built while the families below are; must come first. */
    private static final LiteralIndex.Builder LITERALS = new LiteralIndex.Builder();
    /** Not inside a word. */
    private static final String WORD_START = "(?<![a-z])";

    /**
     * One family of phrases.
     *
     * @param phrases each phrase on its own, with the literals one of which a text must hold for it to match
     */
    record Rule(ReasonName name, List<Phrase> phrases) {
        /**
         * Whether some phrase matches the text, given the text's {@link #literalsIn literals}: only the phrases
         * whose literals occur are run, which are few (java.util.regex would otherwise try every alternative of
         * the family at every word of the text).
         */
        boolean matches(String text, BitSet present) {
            for (Phrase phrase : phrases) {
                if (phrase.mayMatch(present) && phrase.pattern().matcher(text).find()) {
                    return true;
                }
            }
            return false;
        }
    }

    /** One phrase and the ids of its {@link RequiredLiteral required literals} (none: it is always run). */
    record Phrase(Pattern pattern, BitSet literals) {
        boolean mayMatch(BitSet present) {
            return literals.isEmpty() || literals.intersects(present);
        }
    }

    /**
     * One family: phrases are regular expressions that match from the start of a word (so "spam" does not match
     * in "antispam", and the matcher skips the inside of words quickly); a phrase marked with a leading {@code ~}
     * may start inside a word, for the run-together names some MTAs print ({@code ...ShutoffQuotaExceeded}).
     */
    private static Rule rule(ReasonName name, String... phrases) {
        List<Phrase> compiled = new ArrayList<>();
        for (String phrase : phrases) {
            boolean inWords = !phrase.startsWith("~");
            String regex = inWords ? phrase : phrase.substring(1);
            BitSet literals = new BitSet();
            RequiredLiteral.of(regex).forEach(l -> literals.set(LITERALS.add(l)));
            compiled.add(new Phrase(Pattern.compile((inWords ? WORD_START : "") + "(?:" + regex + ")"), literals));
        }
        return new Rule(name, List.copyOf(compiled));
    }

    /**
     * The recipient's own system looked the address up and says it does not exist: Exchange's RecipNotFound and
     * "recipient name is not recognized", Domino's "not listed in Domino Directory", Microsoft 365's "Recipient
     * address rejected: Access denied" (its directory-based edge blocking), "the email account that you tried to
     * reach does not exist", an unrouteable or unknown alias. Decisive without a stage or an x.1.1 code.
     */
    static final Rule USER_NOT_IN_DIRECTORY = rule(USERUNKNOWN,
            "recip(?:ient)?notfound", "recipient not found by smtp address lookup", "recipient address rejected ?: access denied",
            "(?:mailbox|user|recipient|account|address|e-?mail account|addressee)(?: that you tried to reach)? (?:does not|doesn't|did not) exist",
            "not a known user", "(?:recipient|user) name is not recognized", "(?:e-?mail )?address you entered (?:couldn't|could not|can't|cannot) be found",
            "unknown or illegal alias", "unrouteable address for recipient", "no account by that name", "no mailbox (?:here )?by that name",
            "not listed in (?:the )?(?:domino |public )?(?:directory|address book|names)", "no valid recipients?",
            "(?:was |is )?not found in (?:the |our )?(?:ldap|directory|address book|user (?:list|database)|recipient (?:list|table))",
            "not in my validrcptto list", "invalid or unknown virtual user", "no mail ?box (?:is )?(?:available for this user|found)",
            "宛先.{0,10}(?:不明|存在しません|見つかりません)", "存在しない(?:メール)?アドレス");

    /**
     * The short "user unknown" wording ("User unknown", "Unknown user", "No such user here", "Invalid recipient",
     * "This user doesn't have a ... account"). Real mailbox lookups print it at RCPT TO, but so do content filters,
     * anti-spam gateways and recipient-side rules that hide the real cause, after DATA or under a policy code. It
     * names {@code userunknown} only with evidence of a mailbox lookup; {@link ReasonRules} decides (see there).
     */
    static final Rule USER_UNKNOWN_WORDING = rule(USERUNKNOWN,
            "user ?(?:name )?(?:is )?unknown", "unknown (?:user|recipient|local[- ]?part|mailbox|e-?mail address|account)", "unknown address(?! error)",
            "no such (?:user|mailbox|recipient|address|account|person|local user)", "(?:user|recipient|mailbox|account|address|addressee) (?:was |is )?(?:not found|not known|unknown)",
            "(?:invalid|bad|illegal|non-?existent|nonexisting) (?:recipient|mailbox|user|address|account|destination)",
            "not a valid (?:user|mailbox|recipient|address|e-?mail)", "doesn'?t have an? .{1,60} account", "does not have an? .{1,60} account",
            "addressee unknown", "not our customer", "no such (?:\\w+ )?user here", "mailbox name not allowed",
            "(?:benutzer|empf[aä]nger|adresse) (?:ist )?unbekannt", "(?:utilisateur|destinataire) inconnu", "adresse inconnue", "undeliverable address",
            "recipient (?:unknown|invalid|rejected)", "mailbox (?:unknown|invalid)",
            "mailbox not present", "not an active address", "recipient not ok", "can'?t accept user", "bad[-_]recipient",
            "destination addresses? (?:was|were) unknown", "there is no one at this address", "in my badrcptto list");

    /**
     * The reporting MTA's own statement that the message's time in the queue ran out: Exim's "retry timeout
     * exceeded", Sendmail's "could not be delivered for 5 days", Exchange's "QUEUE.Expired", "message expired".
     */
    static final Rule EXPIRY = rule(EXPIRED,
                    "message expired", "envelope expired", "queue\\.expired", "retry timeout exceeded", "retry time not reached",
                    "(?:delivery|message) (?:time|period) expired", "expired after", "has been (?:delayed|queued) for",
                    "could not be delivered (?:for|within) \\d+ (?:days|hours)", "after \\d+ (?:days|hours|attempts|retries)", "cannot send message for \\d+ (?:days|hours)", "giving up", "gave up", "max(?:imum)? (?:time|queue life|retries)",
                    "too (?:many|long) (?:retries|delivery attempts)", "delivery attempts? (?:expired|exceeded)",
                    "(?:message|delivery|mail) (?:has )?expired", "expired (?:in|after|while|on) (?:the )?(?:queue|delivery)",
                    "message timed out", "time ?out waiting for delivery");

    static final List<Rule> STRONG = List.of(
            // First: a provider that did not even try says so, whatever the earlier bounce was about.
            rule(SUPPRESSED,
                    "suppression list", "has suppressed sending", "(?:address|recipient) (?:is |was )?suppressed",
                    "recent history of (?:bouncing|hard bounces|complaints)", "previously (?:hard )?bounced address",
                    "(?:bounced|unsubscribed|spam reported|invalid) address list", "suppressed by (?:the )?(?:provider|sender)"),
            // Before spamdetected: Gmail's RFC-compliance rejections explain that they exist "to reduce spam".
            rule(NOTCOMPLIANTRFC,
                    "not rfc ?\\d{3,4} compliant", "not (?:in )?compliant with rfc", "rfc ?(?:2822|5322|5321) (?:violation|non-?complian)",
                    "multiple addresses in from", "multiple (?:from|to|cc|subject|date|sender|message-id|reply-to) headers",
                    "duplicate (?:from|to|subject|date|message-id) header", "missing (?:a )?(?:valid )?(?:from|date|message-id) header",
                    "header (?:is )?not rfc compliant", "missing a valid address in from", "having no from:? header", "bare lf", "bare line ?feed", "non-?compliant (?:message|header)"),
            // Before rejected/blocked: SPF, DKIM and DMARC failures name the sender or the IP, but the cause is
            // the missing authentication of the sending domain.
            rule(AUTHFAILURE,
                    "\\bdmarc\\b", "\\bspf\\b", "\\bdkim\\b", "sender policy framework", "domainkeys",
                    "unauthenticated (?:email|mail|message|sender)", "not authorized to send on behalf",
                    "sender is not authorized by", "authentication checks? (?:did not pass|failed)", "\\barc validation"),
            rule(REQUIREPTR,
                    "reverse dns", "reverse (?:dns )?lookup", "reverse hostname", "\\bptr\\b", "\\brdns\\b",
                    "cannot find your hostname", "cannot resolve your (?:address|hostname)", "no reverse",
                    "mismatches client ip", "does not resolve to (?:your|the connecting) ip",
                    "(?:client|ip) address (?:has no|without) (?:a )?(?:valid )?hostname"),
            // Before rate limits and blocked: "rate limited due to IP reputation" is about the reputation.
            rule(BADREPUTATION,
                    "reputation", "sender score", "senderscore", "user complaints", "complaint rate"),
            // Before blocked: rate limits are often worded "... Blocked IP ...".
            rule(TOOMANYCONN,
                    "too many (?:(?:concurrent|simultaneous|parallel|smtp|open) )*(?:connections|sessions)", "connection (?:rate )?limit",
                    "(?:connection|ip|session) frequency limit", "connections? (?:from your ip )?(?:has been |have been )?throttled",
                    "maximum (?:number of )?connections", "too many connects"),
            rule(SPEEDING,
                    "rate limit", "ratelimit", "rate-limit", "sending rate", "receiving mail at a rate",
                    "too many (?:messages|mails|emails|recipients)", "too fast", "throttl", "exceeded (?:the )?(?:message|sending|hourly|daily) (?:rate|limit|quota)",
                    "frequency limit", "message rate", "flood", "temporarily deferred due to (?:unexpected )?volume",
                    "unusual rate", "too quickly", "sent to too many"),
            // Before spamdetected and contenterror: "content rejected, virus found" is about the virus.
            rule(VIRUSDETECTED,
                    "virus", "antivirus", "malware", "trojan", "infected", "malicious (?:content|attachment|payload|code)",
                    "rejected due to security polic", "content presents a potential security issue", "executable attachment"),
            // Before securityerror and rejected: "Relay access denied" mentions access and the sender's relay.
            rule(NORELAYING,
                    "relay(?:ing)? (?:access )?(?:denied|not permitted|not allowed|prohibited|refused)",
                    "(?:unable|not permitted|not allowed|cannot|can't|we do not) (?:to )?relay", "relay not permitted",
                    "not a gateway", "open relay", "no relaying", "relaying mail to .{1,80} is not allowed",
                    "not local host .{1,80} not a gateway", "(?:isn't|not) in my list of allowed rcpthosts", "insecure (?:mail )?relay", "relay for .{1,80} (?:not|denied)"),
            // Before hostunknown and userunknown: "Sender address rejected: Domain not found" and "Domain of
            // sender address ... does not exist" are about the sender, not the recipient.
            rule(REJECTED,
                    "sender (?:address )?(?:rejected|refused|denied|blocked|not allowed|invalid|unknown|verify failed)",
                    "sender verification (?:failed|is required)", "sender (?:domain|address) (?:does not exist|not found|unknown|must exist|must resolve)",
                    "domain of sender address .{0,120}(?:does not exist|not resolve|not found)",
                    "(?:invalid|bad|unknown|unverified|illegal) (?:envelope )?sender", "envelope sender .{0,80}(?:rejected|invalid|not allowed)",
                    "mail from .{0,120} (?:rejected|refused)(?! for policy)", "return[- ]path .{0,40}(?:rejected|invalid|not allowed)",
                    "sender (?:is )?(?:on|in) (?:our|the) (?:block|black|deny)list", "you are not allowed to send",
                    "sender address has null mx", "but sender was rejected",
                    // One answer refusing every recipient at once is about the sender or its connection, not a mailbox.
                    "all recipient addresses rejected", "provide a valid from", "from:? domain (?:is )?invalid", "from address (?:is )?(?:rejected|invalid|not allowed)",
                    // A mailing list or group refusing a post refuses the sender: the list address itself works.
                    "(?:may |might )?not have permission to post", "(?:do not|don't) have permission to post", "not (?:allowed|permitted|authori[sz]ed) to post",
                    "posting (?:to this (?:list|group) )?(?:is )?(?:not allowed|restricted|denied|prohibited)", "only members (?:can|may) post",
                    "group you tried to contact", "(?:non-?member|nonmember) (?:post|submission)", "投稿する権限",
                    "not a member of (?:this|the) (?:mailing )?list", "rejected by the (?:list )?moderator"),
            // Before blocked and userunknown: "The recipient account is blocked" / "disabled" means the account
            // exists but was switched off, which its owner can undo.
            rule(SUSPEND,
                    "(?:account|mailbox|user|recipient) (?:is |has been |was )?(?:temporarily )?(?:disabled|suspended|deactivated|inactive|frozen|locked|closed|discontinued|de-?activated|expired|on hold)",
                    "(?:account|mailbox) (?:is |has been |was )?(?:temporarily )?blocked",
                    "(?:disabled|suspended|inactive|frozen|locked|closed|deactivated) (?:user|account|mailbox|recipient)",
                    "account that you tried to reach is disabled", "account (?:is )?not (?:active|activated|enabled)",
                    "mailbox (?:is )?not (?:active|enabled)", "no longer active", "not currently (?:active|in use)",
                    "account (?:has been )?(?:cancell?ed|terminated)", "blocked for abuse"),
            rule(HASMOVED,
                    "no longer on (?:this )?server", "(?:user|address|recipient|mailbox) has moved", "moved to (?:a )?(?:new|another)",
                    "user not local", "address (?:has )?changed", "no longer (?:available|valid|in use|at this address)",
                    "forwarding address", "mailbox owner has changed", "domain owner has changed"),
            // Before hostunknown: a domain that exists but refuses all mail (null MX, RFC 7505) is its own case.
            rule(NOTACCEPT,
                    "(?:does not|doesn't|do not|don't|will not) accept (?:any )?(?:e-?)?mail(?! from)", "not accepting (?:any )?(?:e-?)?mail(?! from)",
                    "accepts no mail", "null mx", "no mail (?:service|server|exchanger) (?:for|at)", "does not receive (?:e-?)?mail",
                    "(?:host|domain) does not accept", "no mx records? (?:found|for)", "indicated no smtp service", "no smtp service"),
            // Before userunknown: Gmail's "The email account that you tried to reach is over quota"; before the
            // size rules: "exceeded storage allocation" (RFC 5321 552) is about the mailbox, not the message.
            rule(MAILBOXFULL,
                    "mailbox (?:is )?(?:full|over ?quota)", "(?:mail ?box|inbox|mail ?folder|account|user|recipient) (?:is )?(?:currently )?(?:full|over (?:the )?(?:storage )?(?:quota|limit))",
                    "over ?quota", "over (?:the |its |their )?(?:allowed |storage |disk |mailbox )?quota", "postfach (?:ist )?voll", "bo[iî]te (?:aux lettres )?pleine", "quota ?exceeded", "exceed(?:ed|s)? (?:the |his |her |their |its |your )?(?:storage |mailbox |disk |size )?quota",
                    "quota (?:full|limit|exceeded)", "exceeded storage allocation", "storage (?:quota|limit) (?:exceeded|reached)",
                    "insufficient (?:storage|space) (?:in|for) (?:the )?(?:mailbox|user|recipient)", "mailbox size limit",
                    "not enough (?:storage|space) in (?:the )?mailbox", "full mailbox", "mailbox (?:has )?exceeded",
                    "mailbox (?:would )?exceed", "out of (?:mailbox )?storage", "~quotaexceeded", "disk ?space quota", "overdrawn .{0,40}quota", "error writing message: file too large",
                    "容量.{0,10}(?:超|オーバー|一杯|いっぱい)", "メールボックス.{0,10}(?:一杯|いっぱい)"),
            rule(SYSTEMFULL,
                    "insufficient (?:system )?(?:disk )?(?:storage|space)", "disk (?:is )?full", "out of disk", "file ?system (?:is )?full",
                    "no space left on device", "mail system (?:is )?full", "queue (?:is )?full"),
            // Before mesgtoobig: the size limit the recipient chose is the "exceedlimit" flavour.
            rule(EXCEEDLIMIT,
                    "exceeds? (?:the )?(?:size )?limit set by (?:the )?recipient", "exceeds (?:the )?recipient'?s? (?:size )?limit",
                    "message length exceeds (?:administrative )?limit"),
            // Before contenterror: "Headers too large" stays content (below would not match it: "message" needed).
            rule(MESGTOOBIG,
                    "(?:message|mail|e-?mail|data) (?:is )?too (?:large|big|long)", "(?:message|mail) size (?:exceeds|too|limit)",
                    "size exceeds (?:fixed )?(?:maximum )?(?:message )?size", "exceeds? (?:the )?(?:fixed |maximum |max )+(?:message |mail )?size",
                    "(?:message|mail) (?:length|size) (?:exceeds|is over)", "maximum (?:message|mail) size", "size limit exceeded",
                    "too big for (?:this|the) system", "message file too big", "exceeded (?:the )?(?:maximum|max|fixed) (?:message |mail )?size", "message exceeds (?:the )?(?:size|max)", "exceeds? size limit",
                    "(?:message|email) (?:exceeds|is larger than)"),
            rule(CONTENTERROR,
                    "8-?bit data", "media error", "media (?:type )?not supported", "headers? (?:too large|too long|section too)", "invalid mime", "malformed (?:mime|header|message|content)",
                    "mime (?:error|syntax)", "line too long", "(?:attachment|file type|extension)s? (?:is |are )?(?:not allowed|not permitted|prohibited|blocked|forbidden|rejected)",
                    "(?:prohibited|forbidden|blocked|unacceptable|banned) (?:attachment|file|content|extension)",
                    "content (?:type )?(?:not allowed|not permitted|not accepted)", "unsupported (?:content|charset|encoding|media)",
                    "invalid (?:header|character|encoding)", "message (?:content|body) (?:is )?(?:invalid|corrupt)"),
            // After contenterror, whose phrases name a concrete format fault; spam wording is vaguer.
            rule(SPAMDETECTED,
                    "(?<!anti-|anti)spam(?!haus|cop|rats)", "\\bube\\b", "\\buce\\b", "unsolicited", "junk (?:mail|e-?mail)", "bulk (?:mail|e-?mail)",
                    "(?:detected|classified|identified|considered|looks?) (?:as |like )?(?:a )?(?:spam|junk|bulk)",
                    "content (?:was |is )?(?:rejected|refused) (?:by|as) (?:our )?(?:spam|content filter|filter)",
                    "message content rejected", "blacklisted (?:url|link|domain in)", "\\buribl\\b", "\\bsurbl\\b", "scored? (?:too high|above)", "high spam probability", "phish"),
            // Before blocked: cPanel's Exim, whose router found no host for the domain, says "The account or domain
            // may not exist, they may be blacklisted, or missing the proper dns entries": the DNS lookup failed.
            rule(HOSTUNKNOWN, "missing the proper dns entries"),
            // Before userunknown: a blocklisted client gets "550 ... blocked" even on RCPT.
            rule(BLOCKED,
                    "blacklist", "blocklist", "black list", "block list", "denylist", "\\bdnsbl\\b", "\\brbl\\b", "\\brbls?\\b",
                    "spamhaus", "spamcop", "sorbs", "barracudacentral", "uceprotect", "proofpoint.{0,40}dnsbl",
                    "(?<!not )listed (?:at|in|on|by) ", "(?:(?:your|sending|client|connecting|the) ip|(?:your|sending|client|connecting) (?:host|server|network|mail server))(?: address)? .{0,60}(?:is |has been |was )?(?:blocked|banned|blacklisted|listed|rejected|refused|not allowed)",
                    "banned sending ip", "(?:ip|host|network) (?:address )?(?:is )?(?:blocked|banned|blacklisted)", "blocked ip", "blocked - see",
                    "client host (?:\\S+ )?(?:rejected|blocked|refused)", "connection (?:rejected|denied)", "connection refused (?:due to|because)",
                    "access denied, banned", "dynamic (?:ip|address|pool|range)", "dial-?up", "residential", "dynamic/residential",
                    "use (?:the smtp server of )?your (?:isp|provider)", "smtp server of your isp", "greylist", "graylist",
                    "poor (?:ip )?(?:sender )?reputation", "not allowed to connect", "your (?:ip|address) is not (?:allowed|permitted)",
                    "may not be mail exchanger", "helo command rejected", "(?:invalid|bad|bogus) (?:helo|ehlo)", "greeting failed",
                    "not accepted from (?:this|your) ip", "blocked from sending", "not authori[sz]ed to send (?:e-?mail |mail )?directly",
                    "use the smtp relay at your (?:service )?provider", "my name was rejected", "contact your (?:internet service provider|isp)", "blocked by (?:our )?(?:anti-?spam|policy|administrator)"),
            rule(POLICYVIOLATION,
                    "(?:for|due to) (?:local |our |security |content |administrative )?polic(?:y|ies) reasons?", "policy (?:violation|rejection)",
                    "violat(?:es|ion of|ed) (?:our |the |local )?(?:\\w+ )?polic", "(?:not accepted|rejected|refused|blocked) (?:due to|because of|by) (?:the |our |local )?(?:\\w+ )?polic(?:y|ies)",
                    "content restrictions", "administrative prohibition", "host network not allowed", "not allowed by (?:the |our )?policy",
                    "prohibited by (?:the |our |local )?(?:administrator|policy)", "policy restrictions?", "policy that prohibit"),
            rule(FILTERED,
                    "(?:recipient|user|receiver)'?s? (?:\\w+ )?(?:filter|rules?|settings?|preferences?)", "(?:domain|address|content|mail) filter",
                    "filtered", "refused by (?:the )?(?:recipient|receiver)", "recipient (?:has )?(?:blocked|refused|declined)",
                    "(?:recipient|user) (?:does not|doesn't) (?:want|accept) (?:mail|messages|e-?mail) from", "not authorized to (?:send|mail) to this recipient",
                    "(?:sender|you) (?:has been |is |are |have been )?blocked by (?:the )?(?:recipient|user|receiver)", "user refuses", "(?:does not|doesn't|will not) accept (?:e-?)?mail from", "not accepting (?:e-?)?mail from",
                    "(?:not|isn't) (?:authori[sz]ed|allowed|permitted) to receive", "only accept(?:s|ing)? (?:e-?)?mail from", "受信拒否"),
            // After suspend, mailboxfull and sender rules, which all say "user"/"mailbox"/"address" in other senses.
            USER_NOT_IN_DIRECTORY,
            USER_UNKNOWN_WORDING,
            // Before hostunknown: a DNS lookup that got no answer (a timeout, SERVFAIL, the resolver's TRY_AGAIN,
            // which Postfix prints as "Host not found, try again") says nothing about whether the domain exists.
            rule(NETWORKERROR,
                    "host not found,? try again", "temporary failure in name resolution", "host lookup did not complete",
                    "servfail", "(?:dns|name) server failure", "temporary (?:dns|lookup|resolver) (?:failure|error)",
                    "dns (?:lookup |query |resolution )?(?:timeout|timed out|temporary failure|temporarily failed)",
                    "(?:lookup|resolution|query) timed out", "name servers? (?:not responding|timed out|timeout)"),
            rule(HOSTUNKNOWN,
                    "host or domain name not found", "(?:host|domain)(?: name)? (?:not found|unknown|does not exist|doesn't exist|lookup failed)",
                    "unknown (?:host|domain)", "(?:couldn't|could not|can't|cannot) find any host", "no such (?:host|domain)", "name service error", "unrouteable (?:mail )?domain",
                    "unrouteable address", "nxdomain", "no mx (?:record|host)", "(?:mx|a) record (?:not found|lookup failed)",
                    "dns error", "domain name not found", "domain [^ ]{1,255} (?:does not exist|not found)", "no mx or a record", "(?:unable|weren't able|not able) to find the recipient domain", "mx records? points? to non-?existent hosts?", "illegal host/domain name", "hostname (?:lookup|resolution) failed",
                    "could not resolve", "address resolution of .{1,80} failed", "host unknown", "unknown mail domain",
                    "domain (?:is )?(?:not|no longer) (?:registered|valid|exist)", "no route to domain", "invalid domain"),
            // Before networkerror and securityerror: the client tried TLS and it failed, which is not a refusal.
            rule(FAILEDSTARTTLS,
                    "cannot start tls", "starttls (?:failed|failure|negotiation failed)", "tls (?:negotiation|handshake) (?:failed|failure)",
                    "ssl handshake", "handshake failure", "tls is required, but (?:was not offered|.{0,40}unavailable)"),
            // Before networkerror: "retry timeout exceeded" or "message expired" say the retry period ran out,
            // whatever the last network error was.
            EXPIRY,
            rule(NETWORKERROR,
                    "connection (?:timed out|refused|reset|lost|closed|dropped)", "timed? ?out", "no route to host", "network (?:is )?unreachable",
                    "host (?:is )?unreachable", "lost connection", "could not connect", "unable to connect", "can't connect",
                    "failed to connect", "(?:unable|wasn't able|was not able|not able) to establish an? (?:smtp )?connection", "hop count exceeded", "routing loop", "mail loop", "forwarding loop", "message is looping", "bounce between two servers",
                    "too many \"?received\"? headers", "best-preference mx", "too many hops", "loops back to myself",
                    "network error", "read error from", "broken pipe",
                    "socket error", "conversation with .{1,80} timed out", "temporary (?:dns|lookup) failure", "dns (?:timeout|failure)"),
            rule(SECURITYERROR,
                    "authentication (?:is )?required", "auth(?:entication)? ?required", "must (?:first )?authenticate", "must (?:first )?issue a starttls",
                    "starttls (?:is )?required", "(?:tls|ssl|encryption) (?:is )?required", "not authori[sz]ed", "certificate (?:verification|validation|required|has expired|is (?:invalid|not|expired))", "(?:invalid|untrusted|self-signed) certificate",
                    "authentication (?:failed|credentials invalid)", "authrequired", "security (?:error|policy)", "unauthori[sz]ed"),
            rule(SYNTAXERROR,
                    "syntax error", "command (?:not )?(?:recognized|unrecognized|implemented)", "unrecognized command",
                    "command parameter not implemented", "parameter not implemented", "(?:improper|bad) sequence of commands",
                    "invalid command", "bad syntax", "unknown command", "syntax (?:is )?(?:invalid|incorrect)",
                    "parameters? not recognized", "malformed address", "need fully-qualified address", "improper use of smtp command pipelining", "incorrectly constructed", "address syntax", "invalid (?:address )?format"),
            rule(MAILERERROR,
                    "mailer error", "command died", "command (?:failed|output)", "pipe to \\|", "\\bprocmail\\b", "child process",
                    "unknown mailer", "local delivery failed", "delivery to (?:a )?(?:pipe|program|file) failed", "exit (?:code|status) \\d+",
                    "returned (?:exit )?(?:code|status) \\d+", "transport returned", "command time limit exceeded"),
            rule(SYSTEMERROR,
                    "internal (?:system |server )?error", "queue file write error", "write error", "system error", "server error", "service (?:is )?(?:currently |temporarily )?(?:unavailable|not available)",
                    "local (?:error|problem)", "temporary (?:local|server) (?:problem|failure|error)", "i/o error", "configuration error", "misconfigur",
                    "mail system (?:is )?(?:currently )?unavailable", "resources? (?:temporarily )?unavailable", "unexpected error",
                    "mailing list expansion", "storedrv", "database error", "out of memory", "(?:system|server) (?:is )?(?:too )?(?:busy|overloaded)",
                    "program error"));

    /**
     * Generic words, used only after the status code had nothing specific to say, and never to call a temporary
     * failure hard (see {@link ReasonRules}).
     */
    static final List<Rule> WEAK = List.of(
            rule(BLOCKED, "\\bblocked\\b", "\\bbanned\\b", "\\bblacklisted\\b"),
            // "Recipient address rejected: <why>" is Postfix's prefix for any RCPT refusal, and "mailbox
            // unavailable" is RFC 5321's text for 550 and for 450 alike: only the status code can say more.
            rule(USERUNKNOWN, "recipient address rejected", "(?:mailbox|user) (?:is )?(?:currently )?(?:unavailable|not available)"),
            rule(SECURITYERROR, "access denied", "\\bdenied\\b"),
            // qmail appends "this message has been in the queue too long" to the real reason of a final failure.
            rule(EXPIRED, "(?:in the queue|queued) too long"),
            rule(ONHOLD, "try again later", "temporar(?:y|ily)", "deferred", "please retry"));

    private static final LiteralIndex INDEX = LITERALS.build();

    private PhraseRules() {
    }

    /** The literals of all families that occur in a prepared text, for {@link #first}. */
    static BitSet literalsIn(String normalisedText) {
        return INDEX.present(normalisedText);
    }

    /** The first family that matches, given the text's {@link #literalsIn literals}. */
    static Optional<ReasonName> first(List<Rule> rules, String normalisedText, BitSet literals) {
        if (normalisedText.isEmpty()) {
            return Optional.empty();
        }
        for (Rule rule : rules) {
            if (rule.matches(normalisedText, literals)) {
                return Optional.of(rule.name());
            }
        }
        return Optional.empty();
    }
}
